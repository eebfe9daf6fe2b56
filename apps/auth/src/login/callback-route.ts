import type { ServiceFastify } from '@gatehouse/service-kit';
import { signedInPage, signInErrorPage } from '../device/device-pages';
import { readCookie, signInCookieNames } from './cookies';
import { pageHeaders } from './html';
import { LoginErrorCode } from './login-error';
import type { FixedWindowRateLimiter } from './rate-limiter';
import type { SignInFlow } from './sign-in-flow';

export interface CallbackRouteDeps {
  flow: SignInFlow;
  secureCookies: boolean;
  limiter: FixedWindowRateLimiter;
}

/** `GET /auth/callback`: where the IdP sends the browser back (the registered redirect URI). */
export function registerCallbackRoute(fastify: ServiceFastify, deps: CallbackRouteDeps): void {
  const cookies = signInCookieNames(deps.secureCookies);
  fastify.get('/auth/callback', async (request, reply) => {
    void reply.headers(pageHeaders());
    const limit = deps.limiter.take(request.ip);
    if (!limit.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(limit.retryAfterSeconds))
        .send(signInErrorPage('Too many sign-in attempts from your network; wait a minute and try again.', 'RATE_LIMITED'));
    }
    const result = await deps.flow.complete(
      {
        method: 'GET',
        url: request.url,
        headers: request.headers,
        query: request.query as Record<string, unknown>,
      },
      readCookie(request.headers.cookie, cookies.binding),
      { clientIp: request.ip, userAgent: request.headers['user-agent'] ?? null },
    );
    // The CLI's browser sign-in ends at its loopback address, with a code or with the error.
    if (result.redirectTo !== undefined) return reply.code(303).header('location', result.redirectTo).send();
    if (result.ok) return reply.code(200).send(signedInPage(result.email));
    return reply.code(statusFor(result.error.code)).send(signInErrorPage(result.error.message, result.error.code));
  });
}

function statusFor(code: LoginErrorCode): number {
  switch (code) {
    case LoginErrorCode.INVALID_STATE:
      return 400;
    case LoginErrorCode.IDP_ACCESS_DENIED:
    case LoginErrorCode.CLAIM_MISSING:
    case LoginErrorCode.DOMAIN_NOT_ALLOWED:
    case LoginErrorCode.GROUP_NOT_ALLOWED:
    case LoginErrorCode.MFA_REQUIRED:
    case LoginErrorCode.USER_INACTIVE:
    case LoginErrorCode.DIRECTORY_REFUSED:
      return 403;
    case LoginErrorCode.ISSUER_UNREACHABLE:
    case LoginErrorCode.DISCOVERY_INVALID:
    case LoginErrorCode.CLIENT_AUTH_FAILED:
    case LoginErrorCode.IDP_ERROR:
    case LoginErrorCode.ID_TOKEN_INVALID:
      return 502;
  }
}
