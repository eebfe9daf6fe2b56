import type { AnyEventDefinition, EventOf } from '@gatehouse/contracts';

/**
 * Anything that publishes events of any definition: EventProducer (returns a promise) and
 * BatchingPublisher (returns nothing, the hot-path form) both fit.
 */
export interface EventSink<TResult> {
  publish<D extends AnyEventDefinition>(def: D, event: EventOf<D>): TResult;
}

/** A publisher bound to one definition, e.g. `UsageEvents.publish(e: RequestCompletedV1)`. */
export interface TypedPublisher<D extends AnyEventDefinition, TResult> {
  readonly definition: D;
  publish(event: EventOf<D>): TResult;
}

export function typedPublisher<D extends AnyEventDefinition, TResult>(
  sink: EventSink<TResult>,
  definition: D,
): TypedPublisher<D, TResult> {
  return {
    definition,
    publish: (event) => sink.publish(definition, event),
  };
}
