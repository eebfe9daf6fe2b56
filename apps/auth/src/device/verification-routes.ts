import type { ServiceFastify } from '@gatehouse/service-kit';
import { readCookie, serializeCookie, signInCookieNames } from '../login/cookies';
import { pageHeaders } from '../login/html';
import type { OidcRelyingParty } from '../login/oidc-relying-party';
import type { FixedWindowRateLimiter } from '../login/rate-limiter';
import { randomToken, sameSecret } from '../login/secrets';
import type { DeviceAuthorizationStore } from './device-authorization-store';
import { LoginError, LoginErrorCode } from '../login/login-error';
import { deviceDeniedPage, devicePage, signInErrorPage } from './device-pages';
import { normalizeUserCode } from './user-code';

export interface VerificationRouteDeps {
  devices: DeviceAuthorizationStore;
  relyingParty: OidcRelyingParty;
  publicUrl: string;
  secureCookies: boolean;
  limiter: FixedWindowRateLimiter;
}

/** The parts of Fastify's request and reply the page helpers use. */
interface CookieRequest {
  headers: { cookie?: string };
}
interface PageReply {
  code(status: number): PageReply;
  header(name: string, value: string): PageReply;
  headers(values: Record<string, string>): PageReply;
  send(payload: string): unknown;
}

const CSRF_COOKIE_SECONDS = 60 * 60;
const BINDING_COOKIE_SECONDS = 15 * 60;

/**
 * `GET /device` shows the code form; `POST /device` checks the CSRF token and the code, then
 * sends the browser to the IdP with the device request as the sign-in's purpose. CSRF uses a
 * double-submit token (cookie + hidden field) plus an Origin check: no server-side session,
 * so any replica can answer either request.
 */
export function registerVerificationRoutes(
  fastify: ServiceFastify,
  deps: VerificationRouteDeps,
): void {
  const cookies = signInCookieNames(deps.secureCookies);
  const publicOrigin = new URL(deps.publicUrl).origin;
  const idpOrigin = new URL(deps.relyingParty.endpoints.authorizationEndpoint).origin;

  const csrfTokenFor = (request: CookieRequest, reply: PageReply): string => {
    const existing = readCookie(request.headers.cookie, cookies.csrf);
    if (existing !== undefined && existing.length >= 32) return existing;
    const token = randomToken();
    void reply.header(
      'set-cookie',
      serializeCookie(cookies.csrf, token, {
        secure: deps.secureCookies,
        maxAgeSeconds: CSRF_COOKIE_SECONDS,
        sameSite: 'Strict',
      }),
    );
    return token;
  };

  const sendPage = (reply: PageReply, status: number, html: string) =>
    reply
      .code(status)
      .headers(pageHeaders([idpOrigin]))
      .send(html);

  fastify.get('/device', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const prefill = typeof query.user_code === 'string' ? query.user_code.slice(0, 16) : '';
    const csrfToken = csrfTokenFor(request, reply);
    return sendPage(
      reply,
      200,
      devicePage({ userCode: normalizeUserCode(prefill) ?? prefill, csrfToken }),
    );
  });

  fastify.post('/device', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const typed = typeof body.user_code === 'string' ? body.user_code.slice(0, 16) : '';
    const formAgain = (status: number, error: string) =>
      sendPage(
        reply,
        status,
        devicePage({ userCode: typed, csrfToken: csrfTokenFor(request, reply), error }),
      );

    const limit = deps.limiter.take(request.ip);
    if (!limit.allowed) {
      void reply.header('retry-after', String(limit.retryAfterSeconds));
      return formAgain(
        429,
        `Too many attempts from your network. Wait ${limit.retryAfterSeconds} seconds and try again.`,
      );
    }
    const cookieToken = readCookie(request.headers.cookie, cookies.csrf);
    const formToken = typeof body.csrf_token === 'string' ? body.csrf_token : '';
    const origin = request.headers.origin;
    const originOk = origin === undefined || origin === publicOrigin;
    if (cookieToken === undefined || !sameSecret(cookieToken, formToken) || !originOk) {
      return formAgain(
        403,
        'This form expired or came from another site. Check the code and submit it again.',
      );
    }
    const userCode = normalizeUserCode(typed);
    const pending =
      userCode === undefined ? null : await deps.devices.findPendingByUserCode(userCode);
    if (pending === null) {
      return formAgain(
        400,
        'That code is not valid or has expired. Check the code in your terminal.',
      );
    }
    if (body.action === 'deny') {
      await deps.devices.deny(pending.id);
      return sendPage(reply, 200, deviceDeniedPage());
    }
    try {
      await deps.relyingParty.checkReachable();
    } catch (error) {
      const reason = error instanceof LoginError ? error.message : String(error);
      return sendPage(
        reply,
        502,
        signInErrorPage(
          `Your company's sign-in service is not answering right now; try again in a few minutes. (${reason})`,
          LoginErrorCode.ISSUER_UNREACHABLE,
        ),
      );
    }
    const binding = readCookie(request.headers.cookie, cookies.binding) ?? randomToken();
    const location = await deps.relyingParty.beginLogin(
      { kind: 'device', deviceAuthorizationId: pending.id },
      binding,
    );
    return reply
      .code(303)
      .header('cache-control', 'no-store')
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
