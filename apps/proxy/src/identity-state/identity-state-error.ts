/** Why the proxy's identity state could not start or stay current. */
export enum IdentityStateErrorCode {
  /** The brokers did not answer, or a topic could not be created or described. */
  KAFKA_UNAVAILABLE = 'PROXY_IDENTITY_KAFKA_UNAVAILABLE',
  /** The consumer was started twice or used after stop. */
  LIFECYCLE = 'PROXY_IDENTITY_LIFECYCLE',
}

export class IdentityStateError extends Error {
  override readonly name = 'IdentityStateError';

  constructor(
    readonly code: IdentityStateErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
