import { context, propagation, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  buildEventHeaders,
  eventIdOf,
  extractTraceContext,
  headersToStrings,
} from './event-headers';
import { encodeEvent } from './event-encoding';
import { KafkaContractError, KafkaErrorCode } from './kafka-error';
import { aWidgetChanged, widgetChangedEvent } from './test-fixtures/test-events';

const def = widgetChangedEvent('gatehouse.test.widget-changed.v1');
const spanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
};

describe('event headers', () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  it('given an event, when headers are built, then they name its type, version, id and JSON', () => {
    const headers = buildEventHeaders(def, aWidgetChanged({ id: 'evt-abc' }));
    expect(headers).toMatchObject({
      'event-type': 'test.widget-changed',
      'event-version': '1',
      'event-id': 'evt-abc',
      'content-type': 'application/json',
    });
    expect(headers.traceparent).toBeUndefined();
  });

  it('given an active span, when headers are built, then the W3C traceparent carries it', () => {
    const ctx = trace.setSpanContext(context.active(), spanContext);
    const headers = buildEventHeaders(def, aWidgetChanged(), ctx);
    expect(headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    const extracted = trace.getSpanContext(extractTraceContext(headers));
    expect(extracted?.traceId).toBe(spanContext.traceId);
  });

  it('reads Buffer, string and repeated kafkajs headers as strings', () => {
    expect(
      headersToStrings({
        a: Buffer.from('x'),
        b: 'y',
        c: [Buffer.from('1'), Buffer.from('2')],
        d: undefined,
      }),
    ).toEqual({ a: 'x', b: 'y', c: '2' });
    expect(headersToStrings(undefined)).toEqual({});
  });

  it('finds the event id only when it is a string', () => {
    expect(eventIdOf({ id: 'e1' })).toBe('e1');
    expect(eventIdOf({ id: 7 })).toBeUndefined();
    expect(eventIdOf(null)).toBeUndefined();
  });
});

describe('encodeEvent', () => {
  it('given a valid event, then the record is keyed by the definition and holds its JSON', () => {
    const event = aWidgetChanged({ widgetId: 'w-42' });
    const record = encodeEvent(def, event);
    expect(record.topic).toBe(def.topic);
    expect(record.key).toBe('w-42');
    expect(JSON.parse(record.value)).toEqual(event);
  });

  it('given an event that breaks the schema, then it throws a contract error listing the issues', () => {
    const bad = { ...aWidgetChanged(), size: -1 };
    let thrown: unknown;
    try {
      encodeEvent(def, bad);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KafkaContractError);
    const contractError = thrown as KafkaContractError;
    expect(contractError.code).toBe(KafkaErrorCode.CONTRACT_VIOLATION);
    expect(contractError.issues[0]?.path).toEqual(['size']);
    expect(contractError.message).toContain('size:');
  });
});
