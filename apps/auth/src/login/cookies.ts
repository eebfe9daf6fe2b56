/** Reads one cookie from a Cookie header (RFC 6265 §5.4 syntax); undefined when absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export interface CookieFlags {
  /** True when AUTH_PUBLIC_URL is https. */
  secure: boolean;
  maxAgeSeconds: number;
  /** Lax lets the cookie ride the IdP's top-level redirect back to the callback. */
  sameSite: 'Lax' | 'Strict';
}

/** A Set-Cookie value: HttpOnly, Path=/, Secure on https. */
export function serializeCookie(name: string, value: string, flags: CookieFlags): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    `SameSite=${flags.sameSite}`,
    `Max-Age=${flags.maxAgeSeconds}`,
  ];
  if (flags.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Cookie names of the sign-in flow. On https they carry the `__Host-` prefix, which browsers
 * accept only with Secure, Path=/ and no Domain: a sibling subdomain cannot plant them, which is
 * what makes the double-submit CSRF token and the browser binding trustworthy.
 */
export function signInCookieNames(secure: boolean): { csrf: string; binding: string } {
  const prefix = secure ? '__Host-' : '';
  return { csrf: `${prefix}gatehouse_csrf`, binding: `${prefix}gatehouse_signin` };
}
