/**
 * The IdP side and the browser, passed in by the test: `@gatehouse/dev-idp` and
 * `@gatehouse/testing` (whose `SignInBrowser` fits `GatewayBrowser`) are testing libraries, which
 * only spec files may import.
 */
export interface IdpDriver {
  /** Signs in on the IdP's pages and returns the redirect back to the gateway's callback. */
  login(input: { authorizeUrl: string; username: string; password: string }): Promise<{ callbackUrl: string }>;
  /** A browser with a cookie jar of its own that returns redirects rather than following them. */
  newBrowser(): GatewayBrowser;
}

export interface GatewayBrowser {
  request(
    url: string,
    init?: { method?: string; form?: Record<string, string>; origin?: string },
  ): Promise<{ status: number; location: string | null; html: string }>;
}

export interface GatewayTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly email: string | undefined;
}

async function postForm(url: string, form: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'claude-code/2.1.328' },
    body: new URLSearchParams(form).toString(),
  });
}

/**
 * Claude Code's gateway sign-in, with every request sent to the gateway's base URL as the client
 * does: metadata, RFC 8628 device authorization, the `/device` page (CSRF token, approve), the
 * corporate IdP's login, the `/auth/callback` back on the gateway, then the token endpoint with the
 * device code and once more with the refresh grant. Only the IdP is another origin, as in
 * production.
 */
export async function signInThroughGateway(
  base: string,
  user: { username: string; password: string },
  idp: IdpDriver,
): Promise<GatewayTokens> {
  const metadata = (await (await fetch(`${base}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
  const started = await postForm(metadata.device_authorization_endpoint ?? `${base}/oauth/device_authorization`, { surface: 'claude_code' });
  if (started.status !== 200) throw new Error(`device authorization answered ${started.status}: ${await started.text()}`);
  const device = (await started.json()) as { device_code: string; user_code: string; verification_uri_complete: string };

  const browser = idp.newBrowser();
  const page = await browser.request(device.verification_uri_complete);
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.html)?.[1];
  if (page.status !== 200 || csrf === undefined) throw new Error(`verification page answered ${page.status}: ${page.html.slice(0, 300)}`);
  const approved = await browser.request(`${base}/device`, {
    method: 'POST',
    origin: base,
    form: { csrf_token: csrf, user_code: device.user_code, action: 'approve' },
  });
  if (approved.location === null) throw new Error(`device approval answered ${approved.status} without a redirect`);
  const login = await idp.login({ authorizeUrl: approved.location, username: user.username, password: user.password });
  const callback = await browser.request(login.callbackUrl);
  if (callback.status !== 200) throw new Error(`sign-in callback answered ${callback.status}: ${callback.html.slice(0, 300)}`);

  const tokenEndpoint = metadata.token_endpoint ?? `${base}/oauth/token`;
  const granted = await postForm(tokenEndpoint, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code });
  if (granted.status !== 200) throw new Error(`device token answered ${granted.status}: ${await granted.text()}`);
  const first = (await granted.json()) as { refresh_token: string; email?: string };
  const refreshed = await postForm(tokenEndpoint, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
  if (refreshed.status !== 200) throw new Error(`refresh answered ${refreshed.status}: ${await refreshed.text()}`);
  const tokens = (await refreshed.json()) as { access_token: string; refresh_token: string };
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, email: first.email };
}
