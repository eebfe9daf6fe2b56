/**
 * The cookie store a `SignInBrowser` uses. `@gatehouse/dev-idp`'s `CookieJar` fits; it is passed
 * in rather than imported so this library does not depend on the dev IdP.
 */
export interface SignInCookieJar {
  headerFor(url: URL): string | undefined;
  store(url: URL, setCookieHeaders: readonly string[]): void;
}

export interface SignInRequest {
  readonly method?: string;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Record<string, string>;
  /** The `Origin` header, which the auth service's CSRF checks compare with its public URL. */
  readonly origin?: string;
}

export interface SignInPage {
  readonly status: number;
  readonly location: string | null;
  readonly html: string;
}

/**
 * A browser for sign-in pages: one cookie jar, redirects returned rather than followed so a test
 * can check each hop (and hand the IdP's part to the IdP's own driver, which keeps its own jar).
 */
export class SignInBrowser {
  constructor(readonly jar: SignInCookieJar) {}

  async request(url: string, init: SignInRequest = {}): Promise<SignInPage> {
    const target = new URL(url);
    const cookie = this.jar.headerFor(target);
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(init.origin ? { origin: init.origin } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.jar.store(target, response.headers.getSetCookie());
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }

  get(url: string): Promise<SignInPage> {
    return this.request(url);
  }
}
