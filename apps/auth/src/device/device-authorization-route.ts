import type { ServiceFastify } from '@gatehouse/service-kit';
import type { FixedWindowRateLimiter } from '../login/rate-limiter';
import type { DeviceAuthorizationStore } from './device-authorization-store';

export interface DeviceAuthorizationRouteDeps {
  devices: DeviceAuthorizationStore;
  publicUrl: string;
  limiter: FixedWindowRateLimiter;
}

const SURFACE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * `POST /oauth/device_authorization` (RFC 8628 §3.1–3.2). No client authentication and no
 * required parameters: Claude Code sends only `surface`, and unknown parameters are ignored as
 * RFC 8628 §3.1 requires. Answers directly (the client follows no redirect here).
 */
export function registerDeviceAuthorizationRoute(
  fastify: ServiceFastify,
  deps: DeviceAuthorizationRouteDeps,
): void {
  fastify.post('/oauth/device_authorization', async (request, reply) => {
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const limit = deps.limiter.take(request.ip);
    if (!limit.allowed) {
      return reply
        .code(429)
        .header('retry-after', String(limit.retryAfterSeconds))
        .send({ error: 'slow_down', error_description: 'Too many sign-in requests from this address; try again shortly.' });
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const surface = typeof body.surface === 'string' && SURFACE.test(body.surface) ? body.surface : null;
    const userAgent = request.headers['user-agent'] ?? null;
    const issued = await deps.devices.create({ surface, clientIp: request.ip, userAgent });
    const verificationUri = `${deps.publicUrl}/device`;
    return reply.code(200).send({
      device_code: issued.deviceCode,
      user_code: issued.userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(issued.userCode)}`,
      expires_in: issued.expiresInSeconds,
      interval: issued.intervalSeconds,
    });
  });
}
