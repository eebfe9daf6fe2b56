import { BedrockAdapterError, BedrockAdapterErrorCode } from './bedrock-adapter-error';

/** Prelude (total length, headers length) + prelude CRC + message CRC: the smallest message. */
const MINIMUM_MESSAGE_BYTES = 16;
/** Bedrock's messages are a few kilobytes; a huge length means the stream is not event-stream. */
const MAXIMUM_MESSAGE_BYTES = 16 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * Cuts an AWS event-stream byte stream into whole messages wherever the network split it. Each
 * message starts with its total length as a big-endian uint32, so bytes are held only until
 * that many have arrived; a chunk may complete several messages or none.
 */
export class EventStreamSplitter {
  private pending: Buffer = EMPTY;

  /** Returns the messages this chunk completes, in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Bytes held over are copied out of the caller's chunk, which it may reuse after we return.
    const owned = this.pending.length > 0;
    let buffer = owned ? Buffer.concat([this.pending, incoming]) : incoming;
    const messages: Uint8Array[] = [];
    while (buffer.length >= 4) {
      const length = buffer.readUInt32BE(0);
      if (length < MINIMUM_MESSAGE_BYTES || length > MAXIMUM_MESSAGE_BYTES) {
        throw new BedrockAdapterError(
          BedrockAdapterErrorCode.MalformedStreamMessage,
          `event-stream message length ${length} is out of range`,
        );
      }
      if (buffer.length < length) break;
      messages.push(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
    }
    if (buffer.length === 0) this.pending = EMPTY;
    else this.pending = owned ? buffer : Buffer.from(buffer);
    return messages;
  }

  /** Throws when the stream ended inside a message. */
  end(): void {
    if (this.pending.length > 0) {
      const held = this.pending.length;
      this.pending = EMPTY;
      throw new BedrockAdapterError(
        BedrockAdapterErrorCode.TruncatedStream,
        `the event stream ended inside a message (${held} bytes held)`,
      );
    }
  }
}
