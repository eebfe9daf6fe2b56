import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fastGzipCodec, useFastGzip, type GzipMode } from './fast-gzip-codec';

describe('fast GZIP codec', () => {
  const events = Buffer.from(
    Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({ requestId: `req_${i}`, user: 'usr_a', tokens: { input: i, output: 2 * i } }),
    ).join(''),
  );

  it('replaces the GZIP codec with one whose output any gzip reader decodes', async () => {
    useFastGzip();
    const codec = CompressionCodecs[CompressionTypes.GZIP]();
    const compressed: Buffer = await codec.compress({ buffer: events });
    expect(compressed.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(compressed)).toEqual(events);
    expect(await codec.decompress(gzipSync(events))).toEqual(events);
  });

  it.each<GzipMode>(['thread-pool', 'calling-thread'])(
    'compresses at zlib level 1, not the default level (%s)',
    async (mode) => {
      const compressed = await fastGzipCodec(mode).compress({ buffer: events });
      expect(compressed).toEqual(gzipSync(events, { level: 1 }));
      expect(compressed).not.toEqual(gzipSync(events));
    },
  );
});
