import { promisify } from 'node:util';
import { constants, gzip, unzip } from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';

const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);

/**
 * zlib level 1 instead of kafkajs's default (6). Still GZIP on the wire, so every Kafka client
 * reads it unchanged; on batches of usage events it compresses about four times faster for about
 * 9 % more bytes (measured on 300 events: 0.23 vs 0.94 ms, 6.2 vs 5.7 KB). See ADR 0004.
 */
const fastGzipCodec = {
  async compress(encoder: { buffer: Buffer }): Promise<Buffer> {
    return gzipAsync(encoder.buffer, { level: constants.Z_BEST_SPEED });
  },
  async decompress(buffer: Buffer): Promise<Buffer> {
    return unzipAsync(buffer);
  },
};

/** Installs the level-1 GZIP codec in kafkajs's codec table (process-wide, idempotent). */
export function useFastGzip(): void {
  CompressionCodecs[CompressionTypes.GZIP] = () => fastGzipCodec;
}
