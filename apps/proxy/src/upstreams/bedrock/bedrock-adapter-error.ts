export enum BedrockAdapterErrorCode {
  /** The event stream ended inside a message. */
  TruncatedStream = 'BEDROCK_TRUNCATED_STREAM',
  /** An event-stream message failed its checksums or did not hold the expected JSON. */
  MalformedStreamMessage = 'BEDROCK_MALFORMED_STREAM_MESSAGE',
}

/** Failures of the Bedrock adapter itself (not Bedrock's own errors, which are translated). */
export class BedrockAdapterError extends Error {
  constructor(
    readonly code: BedrockAdapterErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'BedrockAdapterError';
  }
}
