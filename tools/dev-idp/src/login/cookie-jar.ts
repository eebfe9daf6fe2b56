interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

// RFC 6265 §5.1.4: without a Path attribute a cookie belongs to the request path's directory.
function defaultPath(requestPath: string): string {
  const lastSlash = requestPath.lastIndexOf('/');
  return lastSlash <= 0 ? '/' : requestPath.slice(0, lastSlash);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}

/**
 * Just enough of a browser cookie store for one host: paths and deletion (Max-Age<=0 or an
 * Expires in the past), which is what oidc-provider's interaction and session cookies rely on.
 * Domain and Secure are ignored because the dev IdP is a single plain-HTTP origin.
 */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(requestUrl: URL, setCookieHeaders: readonly string[], now = new Date()): void {
    for (const header of setCookieHeaders) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        path: defaultPath(requestUrl.pathname),
      };
      let expired = false;
      for (const attribute of attributes) {
        const [rawKey = '', ...rest] = attribute.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'path' && value.startsWith('/')) cookie.path = value;
        if (key === 'max-age' && Number(value) <= 0) expired = true;
        if (key === 'expires' && Date.parse(value) <= now.getTime()) expired = true;
      }
      const id = `${cookie.name};${cookie.path}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, cookie);
    }
  }

  /** The Cookie header for a request, longest paths first as browsers send them. */
  headerFor(requestUrl: URL): string | undefined {
    const matching = [...this.cookies.values()]
      .filter((cookie) => pathMatches(cookie.path, requestUrl.pathname))
      .sort((a, b) => b.path.length - a.path.length);
    return matching.length === 0
      ? undefined
      : matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}
