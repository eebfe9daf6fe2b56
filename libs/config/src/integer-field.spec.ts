import { z } from 'zod';
import { integer } from './fields';
import { loadConfig } from './load-config';

const schema = z.object({ PARTITIONS: integer({ min: 1, max: 1000, example: '6' }).default(6) });

describe('integer()', () => {
  it('parses a whole number and applies the default when unset', () => {
    expect(loadConfig(schema, { PARTITIONS: ' 12 ' }).PARTITIONS).toBe(12);
    expect(loadConfig(schema, {}).PARTITIONS).toBe(6);
  });

  it.each(['0', '1001', '1.5', 'six', '-3'])(
    'rejects %j naming the variable and the range',
    (value) => {
      expect(() => loadConfig(schema, { PARTITIONS: value })).toThrow(
        /PARTITIONS: expected an integer from 1 to 1000/,
      );
    },
  );
});
