import {
  fastRecordEncoder,
  useFastRecordEncoder,
  type KafkaJsRecord,
  type RecordEncoder,
} from './record-encoder-fast-path';

/** kafkajs's own record module, as its produce request loads it. */
const kafkaJsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as RecordEncoder;

/** Deterministic PRNG (mulberry32), so a failing case can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '9', '"', '\\', 'é', '€', '日', '😀', '\n', ' '];

function text(next: () => number, maxLength: number): string {
  let out = '';
  const length = Math.floor(next() * maxLength);
  for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return out;
}

function bytes(next: () => number, maxLength: number): Buffer | string | null {
  const pick = next();
  if (pick < 0.1) return null;
  if (pick < 0.3) return Buffer.from(text(next, maxLength));
  return text(next, maxLength);
}

function generatedRecord(seed: number): KafkaJsRecord {
  const next = random(seed);
  const headers: Record<string, Buffer | string> = {};
  const headerCount = Math.floor(next() * 6);
  for (let i = 0; i < headerCount; i++)
    headers[`${text(next, 12)}-${i}`] = bytes(next, 80) ?? text(next, 80);
  const deltas = [0, 1, 63, 64, 8191, 8192, 1_048_575, 2_147_483_647, -1, -64, -65];
  return {
    offsetDelta: Math.floor(next() * 70_000),
    timestampDelta: deltas[Math.floor(next() * deltas.length)],
    key: bytes(next, 40),
    value: bytes(next, next() < 0.1 ? 9_000 : 1_200),
    headers,
  };
}

describe('fastRecordEncoder', () => {
  const fast = fastRecordEncoder(kafkaJsRecord);

  it('writes the bytes kafkajs writes, for 2,000 generated records', () => {
    for (let seed = 1; seed <= 2_000; seed++) {
      const record = generatedRecord(seed);
      const expected = kafkaJsRecord(record).buffer;
      const actual = fast(record).buffer;
      if (!actual.equals(expected))
        throw new Error(`seed ${seed}: ${actual.toString('hex')} ≠ ${expected.toString('hex')}`);
    }
  });

  it('writes a usage-event-shaped record in one buffer kafkajs accepts as an encoder', () => {
    const record: KafkaJsRecord = {
      offsetDelta: 3,
      timestampDelta: 0,
      key: 'org_1',
      value: JSON.stringify({ id: 'evt_1', tokens: { input: 12 } }),
      headers: { 'event-type': 'request.completed', 'event-version': '1' },
    };
    const encoded = fast(record);
    expect(Buffer.isBuffer(encoded.buf)).toBe(true);
    expect(encoded.buffer).toEqual(kafkaJsRecord(record).buffer);
  });

  it("hands what it does not cover to kafkajs's encoder", () => {
    const fallback = jest.fn(kafkaJsRecord);
    const encode = fastRecordEncoder(fallback);
    const repeated: KafkaJsRecord = { key: 'k', value: 'v', headers: { h: ['a', 'b'] } };
    const farFuture: KafkaJsRecord = { key: 'k', value: 'v', timestampDelta: 2 ** 40 };
    const nullHeader: KafkaJsRecord = { key: 'k', value: 'v', headers: { h: null } };
    expect(encode(repeated).buffer).toEqual(kafkaJsRecord(repeated).buffer);
    expect(encode(farFuture).buffer).toEqual(kafkaJsRecord(farFuture).buffer);
    // kafkajs rejects a null header value; the swap keeps that behaviour rather than invent one.
    expect(() => encode(nullHeader)).toThrow(/argument must be of type string/);
    expect(fallback).toHaveBeenCalledTimes(3);
  });

  it('takes the place of the record module kafkajs loads for its produce requests', () => {
    expect(useFastRecordEncoder()).toEqual({ installed: true });
    const loaded = require('kafkajs/src/protocol/recordBatch/record/v0') as RecordEncoder;
    expect(loaded).not.toBe(kafkaJsRecord);
    const record = generatedRecord(7);
    expect(loaded(record).buffer).toEqual(kafkaJsRecord(record).buffer);
    expect(loaded(record)).not.toBeInstanceOf(kafkaJsRecord(record).constructor);
  });
});
