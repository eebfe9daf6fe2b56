import { ScimErrorCode } from './scim-error';
import { parseScimFilter } from './scim-filter';
import { compileScimFilter, escapeLike, type FilterColumns } from './scim-filter-sql';

const COLUMNS: FilterColumns = {
  attributes: {
    username: { sql: 'u.user_name', type: 'string' },
    externalid: { sql: 'u.external_id', type: 'caseExactString' },
    active: { sql: "(u.status = 'active')", type: 'boolean' },
    'meta.lastmodified': { sql: 'u.updated_at', type: 'dateTime' },
  },
  multiValued: {
    emails: {
      sub: { value: { sql: 'u.email', type: 'string' }, type: { sql: "'work'", type: 'string' } },
      some: (condition) => `(u.email IS NOT NULL AND ${condition})`,
    },
  },
};

function compile(text: string, params: unknown[] = []) {
  const sql = compileScimFilter(parseScimFilter(text), COLUMNS, params);
  return { sql, params };
}

describe('compileScimFilter', () => {
  it('compares userName case-insensitively and externalId exactly, values as parameters', () => {
    expect(compile('userName eq "Alice@Example.com" and externalId eq "AbC"', ['org'])).toEqual({
      sql: '((lower(u.user_name) = $2) AND (u.external_id = $3))',
      params: ['org', 'alice@example.com', 'AbC'],
    });
  });

  it('compiles a value-path email filter inside the multi-valued wrapper', () => {
    expect(compile('emails[type eq "work"].value eq "A@x.io"')).toEqual({
      sql: "(u.email IS NOT NULL AND ((lower('work') = $1) AND (lower(u.email) = $2)))",
      params: ['work', 'a@x.io'],
    });
    expect(compile('emails.value co "x"').sql).toBe(
      '(u.email IS NOT NULL AND (lower(u.email) LIKE $1))',
    );
  });

  it('escapes LIKE wildcards in co/sw/ew values', () => {
    expect(compile('userName sw "a_b%"').params).toEqual(['a\\_b\\%%']);
    expect(escapeLike('50%_\\')).toBe('50\\%\\_\\\\');
  });

  it('takes booleans as true/false or the strings Entra sends, dates as timestamps', () => {
    expect(compile('active eq "False"')).toEqual({
      sql: "((u.status = 'active') = $1)",
      params: [false],
    });
    expect(compile('meta.lastModified gt "2025-01-01T00:00:00Z"')).toEqual({
      sql: '(u.updated_at > $1::timestamptz)',
      params: ['2025-01-01T00:00:00.000Z'],
    });
  });

  it('handles pr, null comparisons, or and not', () => {
    expect(compile('externalId pr or not (userName eq null)').sql).toBe(
      "((u.external_id IS NOT NULL AND u.external_id <> '') OR (NOT COALESCE((u.user_name IS NULL), FALSE)))",
    );
  });

  it.each([
    ['title eq "x"', 'filtering on "title" is not supported'],
    ['active gt true', 'only eq and ne apply'],
    ['userName eq 5', 'takes a quoted string'],
    ['meta.lastModified eq "yesterday"', 'RFC 3339'],
    ['members[value eq "x"]', 'not a multi-valued attribute'],
  ])('refuses %j with invalidFilter', (text, message) => {
    expect(() => compile(text)).toThrow(
      expect.objectContaining({
        code: ScimErrorCode.INVALID_FILTER,
        message: expect.stringContaining(message),
      }),
    );
  });
});
