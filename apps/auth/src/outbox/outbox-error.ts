/** Why the outbox refused a write or the relay stopped. */
export enum OutboxErrorCode {
  /** A record reached the outbox without an event id, so consumers could not deduplicate it. */
  MISSING_EVENT_ID = 'OUTBOX_MISSING_EVENT_ID',
  /** The relay was started twice or used after stop(). */
  RELAY_STATE = 'OUTBOX_RELAY_STATE',
}

export class OutboxError extends Error {
  override readonly name = 'OutboxError';

  constructor(
    readonly code: OutboxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
