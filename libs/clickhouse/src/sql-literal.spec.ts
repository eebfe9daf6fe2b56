import { ClickHouseErrorCode } from './clickhouse-error';
import { formatDateTime, quoteString, sql, sqlIdentifier, sqlLiteral } from './sql-literal';

describe('quoteString', () => {
  it.each([
    ['plain', "'plain'"],
    ["O'Brien", "'O\\'Brien'"],
    ['back\\slash', "'back\\\\slash'"],
    ["\\'", "'\\\\\\''"],
    ['line\nbreak\ttab\rcr', "'line\\nbreak\\ttab\\rcr'"],
    ['nul\0byte', "'nul\\0byte'"],
    ['', "''"],
    ['ünïcødé ✓', "'ünïcødé ✓'"],
  ])('escapes %j', (input, expected) => {
    expect(quoteString(input)).toBe(expected);
  });

  it('cannot be broken out of with a quote-comment injection', () => {
    const literal = quoteString("x' OR 1=1 --");
    expect(literal).toBe("'x\\' OR 1=1 --'");
    // The only unescaped quotes are the delimiters.
    expect(literal.replace(/\\\\|\\'/g, '').match(/'/g)).toHaveLength(2);
  });
});

describe('sqlLiteral', () => {
  it('renders scalars, null, dates and arrays', () => {
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(-1.5)).toBe('-1.5');
    expect(sqlLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(sqlLiteral(true)).toBe('1');
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(undefined)).toBe('NULL');
    expect(sqlLiteral(new Date('2026-11-24T08:05:09.123Z'))).toBe("'2026-11-24 08:05:09'");
    expect(sqlLiteral(['a', "b'c", 1])).toBe("['a', 'b\\'c', 1]");
  });

  it.each([NaN, Infinity, -Infinity])('rejects %p', (value) => {
    expect(() => sqlLiteral(value)).toThrow(
      expect.objectContaining({ code: ClickHouseErrorCode.INVALID_LITERAL }),
    );
  });

  it('rejects an invalid date', () => {
    expect(() => formatDateTime(new Date('nope'))).toThrow(/Invalid Date/);
  });
});

describe('sqlIdentifier', () => {
  it.each(['requests', 'gatehouse.requests', '_t1'])('accepts %s', (name) => {
    expect(sqlIdentifier(name)).toBe(name);
  });
  it.each(['', '1abc', 'a.b.c', 'req uests', 'x;DROP TABLE y', '`x`'])('rejects %j', (name) => {
    expect(() => sqlIdentifier(name)).toThrow(
      expect.objectContaining({ code: ClickHouseErrorCode.INVALID_IDENTIFIER }),
    );
  });
});

describe('sql tagged template', () => {
  it('interpolates values as literals', () => {
    expect(sql`SELECT * FROM t WHERE user = ${"a'b"} AND n > ${3}`).toBe(
      "SELECT * FROM t WHERE user = 'a\\'b' AND n > 3",
    );
  });
});
