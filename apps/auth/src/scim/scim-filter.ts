import { ScimError, ScimErrorCode } from './scim-error';
import { SCIM_GROUP_SCHEMA, SCIM_USER_SCHEMA } from './scim-schemas';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;

/**
 * A parsed RFC 7644 §3.4.2.2 filter. Attribute paths are lowercased and stripped of the core
 * schema URN (attribute names are case-insensitive), so `name.givenName` arrives as
 * `name.givenname`.
 */
export type ScimFilter =
  | { kind: 'compare'; path: string; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: string }
  | { kind: 'and' | 'or'; left: ScimFilter; right: ScimFilter }
  | { kind: 'not'; filter: ScimFilter }
  /** `emails[type eq "work"]`: some value of the multi-valued attribute matches `filter`. */
  | { kind: 'valuePath'; path: string; filter: ScimFilter };

/** A PATCH path: `active`, `name.givenName`, `members[value eq "…"]`, `emails[type eq "work"].value`. */
export interface ScimPath {
  attribute: string;
  filter?: ScimFilter;
  subAttribute?: string;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const CORE_PREFIXES = [SCIM_USER_SCHEMA, SCIM_GROUP_SCHEMA].map((urn) => `${urn.toLowerCase()}:`);
const MAX_FILTER_LENGTH = 2048;
const MAX_DEPTH = 32;

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: '(' | ')' | '[' | ']'; at: number };

/** Lowercases an attribute path and drops a core schema URN prefix. */
export function normalizeAttributePath(path: string): string {
  const lower = path.toLowerCase();
  for (const prefix of CORE_PREFIXES) {
    if (lower.startsWith(prefix)) return lower.slice(prefix.length);
  }
  return lower;
}

export function parseScimFilter(text: string): ScimFilter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw invalidFilter(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  }
  const parser = new FilterParser(tokenize(text, ScimErrorCode.INVALID_FILTER));
  const filter = parser.parseExpression(0);
  parser.expectEnd();
  return filter;
}

export function parseScimPath(text: string): ScimPath {
  const tokens = tokenize(text, ScimErrorCode.INVALID_PATH);
  const first = tokens[0];
  if (first?.type !== 'word') throw invalidPath(text);
  if (tokens.length === 1) return { attribute: normalizeAttributePath(first.text) };
  if (tokens[1]?.type !== '[') throw invalidPath(text);
  const close = tokens.findIndex((token) => token.type === ']');
  if (close < 0) throw invalidPath(text);
  const parser = new FilterParser(tokens.slice(2, close), ScimErrorCode.INVALID_PATH);
  const filter = parser.parseExpression(0);
  parser.expectEnd();
  const rest = tokens.slice(close + 1);
  if (rest.length === 0) return { attribute: normalizeAttributePath(first.text), filter };
  const sub = rest[0];
  if (rest.length !== 1 || sub?.type !== 'word' || !sub.text.startsWith('.'))
    throw invalidPath(text);
  return {
    attribute: normalizeAttributePath(first.text),
    filter,
    subAttribute: sub.text.slice(1).toLowerCase(),
  };
}

class FilterParser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly errorCode: ScimErrorCode = ScimErrorCode.INVALID_FILTER,
  ) {}

  /** or-expression := and-expression ("or" and-expression)* */
  parseExpression(depth: number): ScimFilter {
    if (depth > MAX_DEPTH) throw this.fail('the filter nests too deeply');
    let left = this.parseAnd(depth);
    while (this.peekKeyword('or')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.parseAnd(depth) };
    }
    return left;
  }

  expectEnd(): void {
    const token = this.tokens[this.index];
    if (token !== undefined)
      throw this.fail(`unexpected ${describe(token)} at position ${token.at + 1}`);
  }

  private parseAnd(depth: number): ScimFilter {
    let left = this.parseUnary(depth);
    while (this.peekKeyword('and')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.parseUnary(depth) };
    }
    return left;
  }

  private parseUnary(depth: number): ScimFilter {
    const token = this.next('an attribute, "not" or "("');
    if (token.type === '(') return this.parseGroup(depth);
    if (token.type === 'word' && token.text.toLowerCase() === 'not') {
      const open = this.next('"(" after "not"');
      if (open.type !== '(') throw this.fail('"not" must be followed by "("');
      return { kind: 'not', filter: this.parseGroup(depth) };
    }
    if (token.type !== 'word') throw this.fail(`expected an attribute, found ${describe(token)}`);
    return this.parseAttributeExpression(token.text, depth);
  }

  private parseGroup(depth: number): ScimFilter {
    const inner = this.parseExpression(depth + 1);
    const close = this.next('")"');
    if (close.type !== ')') throw this.fail(`expected ")", found ${describe(close)}`);
    return inner;
  }

  private parseAttributeExpression(rawPath: string, depth: number): ScimFilter {
    const path = normalizeAttributePath(rawPath);
    if (this.tokens[this.index]?.type === '[') {
      this.index += 1;
      const inner = this.parseExpression(depth + 1);
      const close = this.next('"]"');
      if (close.type !== ']') throw this.fail(`expected "]", found ${describe(close)}`);
      const after = this.tokens[this.index];
      // `emails[type eq "work"].value eq "x"` (what Entra sends) is the value-path filter
      // `emails[type eq "work" and value eq "x"]`.
      if (after?.type === 'word' && after.text.startsWith('.')) {
        this.index += 1;
        const sub = after.text.slice(1);
        const condition = this.parseComparison(normalizeAttributePath(sub));
        return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: condition } };
      }
      return { kind: 'valuePath', path, filter: inner };
    }
    return this.parseComparison(path);
  }

  private parseComparison(path: string): ScimFilter {
    const opToken = this.next('an operator');
    const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op)) {
      throw this.fail(
        `expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after ${path}`,
      );
    }
    const valueToken = this.next('a value');
    return { kind: 'compare', path, op: op as CompareOp, value: this.literal(valueToken) };
  }

  private literal(token: Token): FilterValue {
    if (token.type === 'string') return token.text;
    if (token.type !== 'word') throw this.fail(`expected a value, found ${describe(token)}`);
    const lower = token.text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(token.text)) return Number(token.text);
    throw this.fail(`"${token.text}" is not a value; quote strings with "…"`);
  }

  private peekKeyword(keyword: string): boolean {
    const token = this.tokens[this.index];
    return token?.type === 'word' && token.text.toLowerCase() === keyword;
  }

  private next(expected: string): Token {
    const token = this.tokens[this.index];
    if (token === undefined) throw this.fail(`expected ${expected} but the filter ended`);
    this.index += 1;
    return token;
  }

  private fail(message: string): ScimError {
    return new ScimError(this.errorCode, message);
  }
}

function tokenize(text: string, errorCode: ScimErrorCode): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      i += 1;
    } else if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ type: char, at: i });
      i += 1;
    } else if (char === '"' || char === "'") {
      const end = closingQuote(text, i, char);
      if (end < 0) throw new ScimError(errorCode, `unterminated string at position ${i + 1}`);
      tokens.push({
        type: 'string',
        text: unquote(text.slice(i, end + 1), char, errorCode),
        at: i,
      });
      i = end + 1;
    } else {
      const start = i;
      while (i < text.length && !/[\s()[\]"']/.test(text.charAt(i))) i += 1;
      tokens.push({ type: 'word', text: text.slice(start, i), at: start });
    }
  }
  return tokens;
}

function closingQuote(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i += 1) {
    if (text.charAt(i) === '\\') i += 1;
    else if (text.charAt(i) === quote) return i;
  }
  return -1;
}

/** JSON string rules (RFC 7644 compValue); single quotes, which Entra sometimes sends, too. */
function unquote(literal: string, quote: string, errorCode: ScimErrorCode): string {
  const json =
    quote === '"' ? literal : `"${literal.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`;
  try {
    return JSON.parse(json) as string;
  } catch {
    throw new ScimError(errorCode, `invalid string literal ${literal}`);
  }
}

function describe(token: Token): string {
  return token.type === 'word' || token.type === 'string' ? `"${token.text}"` : `"${token.type}"`;
}

function invalidFilter(message: string): ScimError {
  return new ScimError(ScimErrorCode.INVALID_FILTER, message);
}

function invalidPath(text: string): ScimError {
  return new ScimError(ScimErrorCode.INVALID_PATH, `"${text}" is not a valid attribute path`);
}
