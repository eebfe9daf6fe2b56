/**
 * Which headers cross the gateway, decided once here as lower-case sets so the proxy only does
 * set lookups per header.
 *
 * Requests use an allowlist: a client header reaches the upstream only if it is API metadata the
 * upstream understands. Anything else — the gateway bearer (`authorization`), stray API keys,
 * cookies, `host`, hop-by-hop headers — stays behind, and the adapter adds the upstream's own
 * credentials. `content-length` is recomputed by the HTTP client for the body actually sent.
 *
 * `accept-encoding` is deliberately not forwarded: the usage tap must read the upstream's SSE in
 * plain text, so the upstream is asked for an identity encoding. Compression towards the client
 * is the gateway's own business.
 *
 * Responses use a denylist, so new upstream headers (request ids, `retry-after`,
 * `x-should-retry`) reach the client. Stripped: hop-by-hop headers, body framing the gateway
 * recomputes (`content-length`, `content-encoding` — the proxy forwards decoded bytes), the
 * upstream's `anthropic-ratelimit-*` headers (they describe the organisation's quota, not the
 * user's; the gateway sends its own per-user `anthropic-ratelimit-unified-*`), and headers that
 * belong to the upstream's origin or account (`set-cookie`, `alt-svc`, `anthropic-organization-id`).
 */

/** RFC 9110 §7.6.1 connection-specific headers, plus the legacy `proxy-connection`. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export const FORWARDED_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'content-type',
  'user-agent',
  'x-app',
]);

/** `anthropic-version`, `anthropic-beta`, …; and the SDK's `x-stainless-*` telemetry headers. */
export const FORWARDED_REQUEST_HEADER_PREFIXES: readonly string[] = ['anthropic-', 'x-stainless-'];

export const STRIPPED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  ...HOP_BY_HOP_HEADERS,
  'content-length',
  'content-encoding',
  'set-cookie',
  'alt-svc',
  'anthropic-organization-id',
]);

export const STRIPPED_RESPONSE_HEADER_PREFIXES: readonly string[] = ['anthropic-ratelimit-'];

/** Whether a client request header (lower-case name) goes to the upstream. */
export function shouldForwardRequestHeader(name: string): boolean {
  return FORWARDED_REQUEST_HEADERS.has(name) || hasPrefix(name, FORWARDED_REQUEST_HEADER_PREFIXES);
}

const PLAIN_CONNECTION = /^\s*keep-alive\s*$/i;

/** Whether an upstream response header (lower-case name) goes back to the client. */
export function shouldReturnResponseHeader(name: string): boolean {
  return (
    !STRIPPED_RESPONSE_HEADERS.has(name) && !hasPrefix(name, STRIPPED_RESPONSE_HEADER_PREFIXES)
  );
}

export type HeaderValue = string | readonly string[] | undefined;
export type HeaderRecord = Readonly<Record<string, HeaderValue>>;

/** The client headers to send upstream, names lower-cased (Node already lower-cases them). */
export function filterRequestHeaders(headers: HeaderRecord): Record<string, string | string[]> {
  return filterHeaders(headers, shouldForwardRequestHeader);
}

/**
 * The upstream headers to return to the client. Headers named in the upstream's `Connection`
 * header are hop-by-hop too (RFC 9110 §7.6.1) and are dropped with it.
 */
export function filterResponseHeaders(headers: HeaderRecord): Record<string, string | string[]> {
  const connection = headers['connection'] ?? headers['Connection'];
  // `keep-alive` (nearly every response) names only itself, a hop-by-hop header stripped anyway.
  if (connection === undefined || (typeof connection === 'string' && PLAIN_CONNECTION.test(connection))) {
    return filterHeaders(headers, shouldReturnResponseHeader);
  }
  const listed = new Set(
    (typeof connection === 'string' ? [connection] : connection)
      .flatMap((value) => value.split(','))
      .map((token) => token.trim().toLowerCase()),
  );
  return filterHeaders(headers, (name) => !listed.has(name) && shouldReturnResponseHeader(name));
}

function filterHeaders(
  headers: HeaderRecord,
  keep: (name: string) => boolean,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value === undefined) continue;
    const name = key.toLowerCase();
    if (!keep(name)) continue;
    out[name] = typeof value === 'string' ? value : [...value];
  }
  return out;
}

function hasPrefix(name: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (name.startsWith(prefix)) return true;
  return false;
}
