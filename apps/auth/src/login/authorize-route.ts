import type { ServiceFastify } from '@gatehouse/service-kit';
import { AUTHORIZATION_PATH, checkAuthorizationRequest } from '../oauth/authorization-request';
import { readCookie, serializeCookie, signInCookieNames } from './cookies';
import { escapeHtml, htmlPage, pageHeaders } from './html';
import type { OidcRelyingParty } from './oidc-relying-party';
import type { FixedWindowRateLimiter } from './rate-limiter';
import { randomToken } from './secrets';

export interface AuthorizeRouteDeps {
  relyingParty: OidcRelyingParty;
  secureCookies: boolean;
  limiter: FixedWindowRateLimiter;
}

/** The binding cookie must outlive the time a person spends at the IdP's login page. */
const BINDING_COOKIE_SECONDS = 15 * 60;

/**
 * `GET /oauth/authorize` (RFC 6749 §4.1.1 with PKCE): the `gatehouse` CLI's browser sign-in.
 * A trusted request starts the corporate IdP sign-in, carrying the request as the sign-in's
 * purpose; the callback (`/auth/callback`) then redirects to the CLI's loopback address with a
 * code. An untrusted client or redirect URI gets a page and is never redirected to.
 */
export function registerAuthorizeRoute(fastify: ServiceFastify, deps: AuthorizeRouteDeps): void {
  const cookies = signInCookieNames(deps.secureCookies);
  fastify.get(AUTHORIZATION_PATH, async (request, reply) => {
    void reply.headers(pageHeaders());
    const limit = deps.limiter.take(request.ip);
    if (!limit.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(limit.retryAfterSeconds))
        .send(
          authorizeErrorPage(
            'Too many sign-in attempts from your network; wait a minute and run `gatehouse login` again.',
          ),
        );
    }
    const checked = checkAuthorizationRequest(request.query as Record<string, unknown>);
    if (checked.kind === 'refused') return reply.code(400).send(authorizeErrorPage(checked.reason));
    if (checked.kind === 'error_redirect')
      return reply.code(303).header('location', checked.location).send();
    const binding = readCookie(request.headers.cookie, cookies.binding) ?? randomToken();
    const location = await deps.relyingParty.beginLogin(
      { kind: 'authorization_code', request: checked.request },
      binding,
    );
    return reply
      .code(303)
      .header(
        'set-cookie',
        serializeCookie(cookies.binding, binding, {
          secure: deps.secureCookies,
          maxAgeSeconds: BINDING_COOKIE_SECONDS,
          sameSite: 'Lax',
        }),
      )
      .header('location', location)
      .send();
  });
}

function authorizeErrorPage(message: string): string {
  return htmlPage(
    'Sign-in cannot start',
    `<p id="authorize-error" class="error" role="alert">${escapeHtml(message)}</p>
<p>Start the sign-in again from your terminal with <code>gatehouse login</code>.</p>`,
  );
}
