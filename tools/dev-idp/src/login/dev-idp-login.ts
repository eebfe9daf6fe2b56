import { DevIdpError, DevIdpErrorCode } from '../errors';
import { LOGIN_FIELDS } from '../interaction/login-page';
import { CookieJar } from './cookie-jar';
import { pageErrorText, parseLoginForm } from './login-form';

export interface DevIdpLoginInput {
  /** The full authorization request URL the relying party would send a browser to. */
  authorizeUrl: string;
  username: string;
  password: string;
  /** Reuse a jar to keep the IdP session between logins (single sign-on); default a fresh one. */
  cookieJar?: CookieJar;
}

export interface DevIdpLoginResult {
  /** Where the IdP sent the browser back: the relying party's redirect URI with code/state or error. */
  callbackUrl: string;
  code: string | undefined;
  state: string | undefined;
  error: string | undefined;
}

const MAX_STEPS = 20;

interface Step {
  url: URL;
  method: 'GET' | 'POST';
  body?: string;
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

function callbackResult(url: URL): DevIdpLoginResult {
  return {
    callbackUrl: url.toString(),
    code: url.searchParams.get('code') ?? undefined,
    state: url.searchParams.get('state') ?? undefined,
    error: url.searchParams.get('error') ?? undefined,
  };
}

/**
 * Completes a dev IdP sign-in with plain HTTP, the way a browser would: follows redirects, keeps
 * cookies, fills and posts the login form (with its CSRF token). It stops at the first redirect
 * that leaves the IdP and returns that URL without requesting it, so the test decides how to
 * deliver the callback to the relying party.
 */
export async function devIdpLogin(input: DevIdpLoginInput): Promise<DevIdpLoginResult> {
  const idpOrigin = new URL(input.authorizeUrl).origin;
  const jar = input.cookieJar ?? new CookieJar();
  let step: Step = { url: new URL(input.authorizeUrl), method: 'GET' };
  let submitted = false;

  for (let count = 0; count < MAX_STEPS; count += 1) {
    const cookie = jar.headerFor(step.url);
    const response = await fetch(step.url, {
      method: step.method,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(step.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(step.body !== undefined ? { body: step.body } : {}),
    });
    jar.store(step.url, response.headers.getSetCookie());

    if (isRedirect(response.status)) {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) break;
      const next = new URL(location, step.url);
      if (next.origin !== idpOrigin) return callbackResult(next);
      step = { url: next, method: 'GET' };
      continue;
    }

    const html = await response.text();
    const form = response.status === 200 ? parseLoginForm(html) : undefined;
    if (form && !submitted) {
      submitted = true;
      step = {
        url: new URL(form.action, step.url),
        method: 'POST',
        body: new URLSearchParams({
          [LOGIN_FIELDS.csrf]: form.csrf,
          [LOGIN_FIELDS.username]: input.username,
          [LOGIN_FIELDS.password]: input.password,
        }).toString(),
      };
      continue;
    }
    const reason = pageErrorText(html) ?? `HTTP ${response.status}`;
    if (submitted && response.status === 401) {
      throw new DevIdpError(DevIdpErrorCode.LoginRejected, `${input.username}: ${reason}`);
    }
    throw new DevIdpError(DevIdpErrorCode.LoginFlowBroken, `at ${step.url.pathname}: ${reason}`);
  }
  throw new DevIdpError(
    DevIdpErrorCode.LoginFlowBroken,
    `no redirect back to the client after ${MAX_STEPS} steps`,
  );
}
