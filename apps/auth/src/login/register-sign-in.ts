import type { Logger } from '@gatehouse/observability';
import type { ServiceFastify } from '@gatehouse/service-kit';
import type { DataSource } from 'typeorm';
import { registerDeviceAuthorizationRoute } from '../device/device-authorization-route';
import { DeviceAuthorizationStore } from '../device/device-authorization-store';
import { PostgresDeviceCodeGrant } from '../device/device-code-grant';
import { registerVerificationRoutes } from '../device/verification-routes';
import { systemClock, type Clock } from '../directory/clock';
import type { SessionStore } from '../directory/session-store';
import type { UserDirectory } from '../directory/user-directory';
import { PostgresAuthorizationCodeGrant } from '../oauth/authorization-code-grant';
import { AuthorizationCodeStore } from '../oauth/authorization-code-store';
import type { AuthorizationCodeGrant, DeviceCodeGrant } from '../oauth/token-grant';
import { AuthorizationCodePurpose } from './authorization-code-purpose';
import { registerAuthorizeRoute } from './authorize-route';
import { registerCallbackRoute } from './callback-route';
import { LoginTransactionStore } from './login-transaction-store';
import type { DiscoverOptions } from './oidc-discovery';
import { OidcRelyingParty } from './oidc-relying-party';
import { FixedWindowRateLimiter } from './rate-limiter';
import type { SignInSettings } from './sign-in-config';
import { SignInFlow } from './sign-in-flow';

export interface SignInDeps {
  settings: SignInSettings;
  dataSource: DataSource;
  directory: { users: UserDirectory; sessions: SessionStore };
  logger: Logger;
  clock?: Clock;
  discovery?: DiscoverOptions;
  /** Per-IP requests per minute on each sign-in endpoint (defaults in SIGN_IN_RATE_LIMITS). */
  rateLimits?: Partial<typeof SIGN_IN_RATE_LIMITS>;
}

export interface SignIn {
  relyingParty: OidcRelyingParty;
  devices: DeviceAuthorizationStore;
}

/**
 * The device_code grant for `/oauth/token`. It needs only PostgreSQL, so the token endpoint can
 * be built before the issuer is discovered; any replica can answer any poll.
 */
export function createDeviceCodeGrant(deps: {
  dataSource: DataSource;
  sessions: SessionStore;
  clock?: Clock;
}): DeviceCodeGrant {
  const clock = deps.clock ?? systemClock;
  return new PostgresDeviceCodeGrant({
    devices: new DeviceAuthorizationStore(deps.dataSource, clock),
    sessions: deps.sessions,
    clock,
  });
}

/**
 * The authorization_code grant for `/oauth/token` (the CLI's browser sign-in). Like the device
 * grant it needs only PostgreSQL, and any replica can redeem a code another replica issued.
 */
export function createAuthorizationCodeGrant(deps: {
  dataSource: DataSource;
  sessions: SessionStore;
  logger: Pick<Logger, 'warn'>;
  clock?: Clock;
}): AuthorizationCodeGrant {
  const clock = deps.clock ?? systemClock;
  return new PostgresAuthorizationCodeGrant({
    codes: new AuthorizationCodeStore(deps.dataSource, clock),
    sessions: deps.sessions,
    clock,
    logger: deps.logger,
  });
}

/** Per IP and minute. Code entry is the tightest: it is where user codes could be guessed. */
export const SIGN_IN_RATE_LIMITS = { deviceAuthorization: 30, codeEntry: 10, callback: 30, authorize: 30 };

/**
 * Discovers the issuer (throws LoginError naming it when unreachable) and registers the sign-in
 * routes — `/oauth/device_authorization`, `/device`, `/oauth/authorize`, `/auth/callback` — in their own Fastify
 * context, so their form parser stays local to them.
 */
export async function registerSignInRoutes(fastify: ServiceFastify, deps: SignInDeps): Promise<SignIn> {
  const clock = deps.clock ?? systemClock;
  const transactions = new LoginTransactionStore(deps.dataSource, clock);
  const relyingParty = await OidcRelyingParty.discover(deps.settings.client, transactions, deps.discovery);
  const devices = new DeviceAuthorizationStore(deps.dataSource, clock);
  const flow = new SignInFlow({
    relyingParty,
    users: deps.directory.users,
    sessions: deps.directory.sessions,
    devices,
    authorizationCodes: new AuthorizationCodePurpose(new AuthorizationCodeStore(deps.dataSource, clock)),
    policy: deps.settings.policy,
    orgId: deps.settings.orgId,
    idpId: deps.settings.idpId,
    logger: deps.logger,
  });
  const limits = { ...SIGN_IN_RATE_LIMITS, ...deps.rateLimits };
  const limiter = (limit: number) => new FixedWindowRateLimiter({ limit, windowMs: 60_000, clock });
  const { publicUrl, secureCookies } = deps.settings;

  await fastify.register(async (scope: ServiceFastify) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 16 * 1024 },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
    }
    registerDeviceAuthorizationRoute(scope, { devices, publicUrl, limiter: limiter(limits.deviceAuthorization) });
    registerVerificationRoutes(scope, {
      devices,
      relyingParty,
      publicUrl,
      secureCookies,
      limiter: limiter(limits.codeEntry),
    });
    registerCallbackRoute(scope, { flow, secureCookies, limiter: limiter(limits.callback) });
    registerAuthorizeRoute(scope, { relyingParty, secureCookies, limiter: limiter(limits.authorize) });
  });
  deps.logger.info({ issuer: relyingParty.issuer }, 'OIDC sign-in ready');
  return { relyingParty, devices };
}
