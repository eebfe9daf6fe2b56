/**
 * The one registered public client of the authorization endpoint: the `gatehouse` CLI
 * (apps/cli/src/oauth/loopback-login.ts). It has no secret, so what protects its codes is that
 * they can only be delivered to a loopback address on the user's own machine (RFC 8252 §7.3)
 * and only redeemed with the PKCE verifier the CLI kept (RFC 7636).
 */
export const CLI_CLIENT_ID = 'gatehouse-cli';

/** Hostnames a loopback redirect may name. `localhost` is allowed because RFC 8252 clients use it. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECT_URI_LENGTH = 2048;

export type RedirectUriCheck =
  { readonly ok: true; readonly uri: URL } | { readonly ok: false; readonly reason: string };

/** True when `clientId` is a client this server knows. */
export function isKnownClient(clientId: string): boolean {
  return clientId === CLI_CLIENT_ID;
}

/**
 * Accepts `http://127.0.0.1:<any port>/…`, `http://localhost:<any port>/…` and
 * `http://[::1]:<any port>/…` (RFC 8252 §7.3: any port, because the CLI listens on an
 * ephemeral one). Everything else is refused, and a refused URI is never redirected to: an open
 * redirect here would hand authorization codes to whoever wrote the link.
 */
export function checkLoopbackRedirectUri(raw: string): RedirectUriCheck {
  if (raw.length === 0 || raw.length > MAX_REDIRECT_URI_LENGTH) {
    return { ok: false, reason: 'the redirect_uri is missing or too long' };
  }
  let uri: URL;
  try {
    uri = new URL(raw);
  } catch {
    return { ok: false, reason: 'the redirect_uri is not an absolute URL' };
  }
  if (uri.protocol !== 'http:') {
    return { ok: false, reason: 'the redirect_uri must use http on a loopback address' };
  }
  if (uri.username !== '' || uri.password !== '') {
    return { ok: false, reason: 'the redirect_uri must not contain credentials' };
  }
  if (!LOOPBACK_HOSTS.has(uri.hostname)) {
    return {
      ok: false,
      reason: 'the redirect_uri must be on a loopback address: 127.0.0.1, [::1] or localhost',
    };
  }
  // RFC 6749 §3.1.2: a redirection endpoint URI must not include a fragment.
  if (raw.includes('#')) {
    return { ok: false, reason: 'the redirect_uri must not contain a fragment' };
  }
  return { ok: true, uri };
}

/** The redirect URI with `params` added to its query (RFC 6749 §4.1.2), keeping its own query. */
export function redirectWith(
  uri: URL,
  params: Readonly<Record<string, string | undefined>>,
): string {
  const target = new URL(uri.href);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) target.searchParams.set(name, value);
  }
  return target.href;
}
