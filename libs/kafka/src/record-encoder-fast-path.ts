/**
 * kafkajs 2.2.4 encodes each record of a produce request with a fresh `Encoder` per record and
 * another per header, each starting from a zero-filled `Buffer.alloc(512)` that is copied again as
 * it grows: five to seven ArrayBuffers per usage event (four headers, ~1 KB of JSON). Profiled in
 * the proxy's usage worker under load, record encoding was 28 % of the worker's CPU and its
 * zero-filling alone 12 %.
 *
 * This swaps kafkajs's record module for one that measures the record first and writes it into one
 * `Buffer.allocUnsafe` of exactly its size (pooled below 4 KB), byte for byte what kafkajs writes
 * (a spec compares the two on generated records). Records it was not written for (array header
 * or null header values, a timestamp delta outside 32 bits, a key or value that is neither string nor
 * Buffer) go to kafkajs's own encoder, which handles or rejects them as before. The swap must happen before kafkajs loads its produce request module,
 * which holds the record module from then on; kafkajs loads it lazily, at a producer's first send.
 */
export const PATCHED_KAFKAJS_RECORD_VERSION = '2.2.4';

const RECORD_MODULE = 'kafkajs/src/protocol/recordBatch/record/v0/index.js';
const PRODUCE_REQUEST_MODULE = 'kafkajs/src/protocol/requests/produce/v3/request.js';

type Bytes = Buffer | string | null | undefined;

/** What kafkajs's produce request passes its record module. */
export interface KafkaJsRecord {
  readonly offsetDelta?: number;
  readonly timestampDelta?: number;
  readonly key?: Bytes;
  readonly value?: Bytes;
  readonly headers?: Record<string, Bytes | Bytes[]>;
}

/** The part of kafkajs's Encoder its record batch reads from an encoded record. */
export interface EncodedRecord {
  readonly buf: Buffer;
  readonly buffer: Buffer;
}

export type RecordEncoder = (record: KafkaJsRecord) => EncodedRecord;

class WholeRecord implements EncodedRecord {
  constructor(readonly buf: Buffer) {}

  get buffer(): Buffer {
    return this.buf;
  }
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;

function zigZag(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

/** Bytes of a zigzag varint (Kafka's signed varint) of a 32-bit value. */
function sizeOfVarInt(value: number): number {
  let encoded = zigZag(value);
  let size = 1;
  while (encoded >= 0x80) {
    encoded >>>= 7;
    size += 1;
  }
  return size;
}

function writeVarInt(buf: Buffer, offset: number, value: number): number {
  let encoded = zigZag(value);
  while (encoded >= 0x80) {
    buf[offset++] = (encoded & 0x7f) | 0x80;
    encoded >>>= 7;
  }
  buf[offset++] = encoded;
  return offset;
}

function byteLength(bytes: Buffer | string): number {
  return typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.length;
}

function writeBytes(buf: Buffer, offset: number, bytes: Buffer | string, length: number): number {
  if (typeof bytes === 'string') buf.write(bytes, offset, length);
  else bytes.copy(buf, offset);
  return offset + length;
}

function isBytes(value: unknown): value is Buffer | string | null | undefined {
  return value == null || typeof value === 'string' || Buffer.isBuffer(value);
}

/** A record this encoder writes itself; anything else is kafkajs's to encode. */
function isPlain(record: KafkaJsRecord): boolean {
  const timestampDelta = record.timestampDelta ?? 0;
  if (!Number.isInteger(timestampDelta) || timestampDelta < INT32_MIN || timestampDelta > INT32_MAX)
    return false;
  if (!isBytes(record.key) || !isBytes(record.value)) return false;
  for (const value of Object.values(record.headers ?? {}))
    if (typeof value !== 'string' && !Buffer.isBuffer(value)) return false;
  return true;
}

/**
 * Kafka record v2 (the `Record` of RecordBatch magic 2): length, attributes, timestamp delta,
 * offset delta, key, value, headers; lengths and deltas as zigzag varints, null as length -1.
 */
function encodePlainRecord(record: KafkaJsRecord): EncodedRecord {
  const timestampDelta = record.timestampDelta ?? 0;
  const offsetDelta = record.offsetDelta ?? 0;
  const key = record.key ?? null;
  const value = record.value ?? null;
  const headers = Object.entries((record.headers ?? {}) as Record<string, Buffer | string>);

  const keyLength = key === null ? -1 : byteLength(key);
  const valueLength = value === null ? -1 : byteLength(value);
  let bodySize =
    1 +
    sizeOfVarInt(timestampDelta) +
    sizeOfVarInt(offsetDelta) +
    sizeOfVarInt(keyLength) +
    Math.max(keyLength, 0) +
    sizeOfVarInt(valueLength) +
    Math.max(valueLength, 0) +
    sizeOfVarInt(headers.length);
  const headerLengths: number[] = [];
  for (const [name, headerValue] of headers) {
    const nameLength = Buffer.byteLength(name);
    const headerValueLength = byteLength(headerValue);
    headerLengths.push(nameLength, headerValueLength);
    bodySize +=
      sizeOfVarInt(nameLength) + nameLength + sizeOfVarInt(headerValueLength) + headerValueLength;
  }

  const buf = Buffer.allocUnsafe(sizeOfVarInt(bodySize) + bodySize);
  let offset = writeVarInt(buf, 0, bodySize);
  buf[offset++] = 0; // attributes: none are defined for records
  offset = writeVarInt(buf, offset, timestampDelta);
  offset = writeVarInt(buf, offset, offsetDelta);
  offset = writeVarInt(buf, offset, keyLength);
  if (key !== null) offset = writeBytes(buf, offset, key, keyLength);
  offset = writeVarInt(buf, offset, valueLength);
  if (value !== null) offset = writeBytes(buf, offset, value, valueLength);
  offset = writeVarInt(buf, offset, headers.length);
  for (const [index, [name, headerValue]] of headers.entries()) {
    const nameLength = headerLengths[2 * index];
    const headerValueLength = headerLengths[2 * index + 1];
    offset = writeVarInt(buf, offset, nameLength);
    offset = writeBytes(buf, offset, name, nameLength);
    offset = writeVarInt(buf, offset, headerValueLength);
    offset = writeBytes(buf, offset, headerValue, headerValueLength);
  }
  return new WholeRecord(buf);
}

/** The single-allocation encoder, handing what it does not cover to `fallback` (kafkajs's own). */
export function fastRecordEncoder(fallback: RecordEncoder): RecordEncoder {
  return (record) => (isPlain(record) ? encodePlainRecord(record) : fallback(record));
}

let installed = false;

export type FastRecordEncoderInstall =
  { readonly installed: true } | { readonly installed: false; readonly reason: string };

/**
 * Swaps the record module in `require.cache` (idempotent). Not applied to another kafkajs version,
 * or once kafkajs has loaded its produce request module (a producer already sent): that module
 * keeps the record encoder it loaded.
 */
export function useFastRecordEncoder(): FastRecordEncoderInstall {
  if (installed) return { installed: true };
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_KAFKAJS_RECORD_VERSION)
    return {
      installed: false,
      reason: `kafkajs ${version}, written for ${PATCHED_KAFKAJS_RECORD_VERSION}`,
    };
  if (require.cache[require.resolve(PRODUCE_REQUEST_MODULE)] !== undefined)
    return { installed: false, reason: 'kafkajs already loaded its produce request encoder' };
  const original = require(RECORD_MODULE) as RecordEncoder;
  // require() above put the module in the cache; every later require of it gets this encoder.
  (require.cache[require.resolve(RECORD_MODULE)] as NodeJS.Module).exports =
    fastRecordEncoder(original);
  installed = true;
  return { installed: true };
}
