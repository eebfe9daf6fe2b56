/**
 * Small helpers for the header records adapters receive (`string | string[]` values, lower-case
 * names) and send (`string` values).
 */

/** One header value as a single string; repeated headers are joined the HTTP way, with `, `. */
export function headerText(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(', ');
}

/** The comma-separated tokens of a list header such as `anthropic-beta`, trimmed, empties dropped. */
export function headerTokens(value: string | readonly string[] | undefined): string[] {
  const text = headerText(value);
  if (text === undefined) return [];
  return text
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
}

/** Copies headers to single-string values, leaving out the names in `drop`. */
export function flattenHeaders(
  headers: Readonly<Record<string, string | string[]>>,
  drop: ReadonlySet<string> = new Set(),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (drop.has(name)) continue;
    const text = headerText(headers[name]);
    if (text !== undefined) out[name] = text;
  }
  return out;
}

/** The first value of a response header, whatever its name's case in the record. */
export function responseHeader(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value[0];
}
