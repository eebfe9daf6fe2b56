import type { Logger } from '@gatehouse/observability';
import type { DataSource } from 'typeorm';
import type { AuthConfig } from '../config';
import type { AuthDirectory } from '../directory/auth-directory';
import { systemClock, type Clock } from '../directory/clock';
import { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { EphemeralSigningKeys } from '../tokens/ephemeral-signing-keys';
import type { RotationPolicy } from '../tokens/key-rotation';
import type { SigningKeyBackend } from '../tokens/signing-key-backend';
import { SigningKeyManager } from '../tokens/signing-key-manager';
import { StoredSigningKeys } from '../tokens/stored-signing-keys';
import { AUTHORIZATION_PATH } from './authorization-request';
import { RefreshTokenGrant } from './refresh-token-grant';
import type { OAuthRouteDeps } from './register-oauth-routes';
import { RevocationEndpoint } from './revocation-endpoint';
import { TokenBucketLimiter } from './token-bucket';
import { TokenEndpoint } from './token-endpoint';
import type { AuthorizationCodeGrant, DeviceCodeGrant } from './token-grant';
import { AccessTokenSessions, RefreshTokenSessions } from './token-session-lookups';

export type OAuthConfig = Pick<
  AuthConfig,
  | 'AUTH_PUBLIC_URL'
  | 'AUTH_ACCESS_TOKEN_TTL'
  | 'AUTH_SIGNING_KEY_ROTATION_DAYS'
  | 'AUTH_BILLING_GROUP_TAG'
  | 'AUTH_TOKEN_RATE_LIMIT_PER_MINUTE'
>;

export interface OAuthServicesInput {
  config: OAuthConfig;
  directory: AuthDirectory;
  dataSource: DataSource;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock?: Clock;
  /** The device flow's grant, once it exists (apps/auth/src/device). */
  deviceGrant?: DeviceCodeGrant;
  /**
   * The CLI's browser sign-in (apps/auth/src/login/authorize-route.ts). When given, the code grant
   * is accepted and `/oauth/authorize` is advertised in the metadata.
   */
  authorizationCodeGrant?: AuthorizationCodeGrant;
  /** Overrides for tests (fast rotation checks). */
  keyCheckIntervalMs?: number;
}

export interface OAuthServices {
  readonly keys: SigningKeyManager;
  readonly issuer: AccessTokenIssuer;
  readonly routes: OAuthRouteDeps;
}

/** Slack for a late rotation check and clock skew (see key-rotation.ts). */
const ROTATION_GRACE_MS = 10 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Wires signing keys, the access-token issuer and the OAuth endpoints over the directory. Without
 * AUTH_KEY_ENCRYPTION_KEY the keys are ephemeral (memory only) and a warning says so at start:
 * fine for a laptop, wrong for any shared deployment (docs/adr/0013-token-issuance.md).
 */
export function createOAuthServices(input: OAuthServicesInput): OAuthServices {
  const { config, directory, logger } = input;
  const clock = input.clock ?? systemClock;
  const issuerUrl = config.AUTH_PUBLIC_URL.replace(/\/+$/, '');
  const policy: RotationPolicy = {
    rotateAfterMs: config.AUTH_SIGNING_KEY_ROTATION_DAYS * DAY_MS,
    tokenTtlMs: config.AUTH_ACCESS_TOKEN_TTL,
    graceMs: ROTATION_GRACE_MS,
  };
  const keys = new SigningKeyManager({
    backend: signingKeyBackend(input),
    policy,
    clock,
    logger,
    checkIntervalMs: input.keyCheckIntervalMs,
  });
  const issuer = new AccessTokenIssuer({
    directory: {
      findSession: (id) => directory.sessions.findSession(id),
      findUser: (id) => directory.users.findById(id),
    },
    keys,
    clock,
    settings: {
      issuer: issuerUrl,
      ttlSeconds: Math.floor(config.AUTH_ACCESS_TOKEN_TTL / 1000),
      billingGroupTag: config.AUTH_BILLING_GROUP_TAG,
    },
  });
  const tokens = new TokenEndpoint({
    refreshGrant: new RefreshTokenGrant(directory.sessions),
    issuer,
    deviceGrant: input.deviceGrant,
    authorizationCodeGrant: input.authorizationCodeGrant,
    logger,
  });
  const revocation = new RevocationEndpoint({
    refreshTokens: new RefreshTokenSessions(input.dataSource),
    accessTokens: new AccessTokenSessions({ keys, issuer: issuerUrl }),
    sessions: directory.sessions,
    logger,
  });
  const perMinute = config.AUTH_TOKEN_RATE_LIMIT_PER_MINUTE;
  return {
    keys,
    issuer,
    routes: {
      publicUrl: issuerUrl,
      keys,
      tokens,
      revocation,
      tokenRateLimit: new TokenBucketLimiter({
        capacity: perMinute,
        refillPerSecond: perMinute / 60,
      }),
      ...(input.authorizationCodeGrant === undefined
        ? {}
        : { authorizationEndpoint: `${issuerUrl}${AUTHORIZATION_PATH}` }),
      logger,
    },
  };
}

function signingKeyBackend(input: OAuthServicesInput): SigningKeyBackend {
  const store = input.directory.signingKeys;
  if (store !== undefined) return new StoredSigningKeys({ store, dataSource: input.dataSource });
  input.logger.warn(
    'AUTH_KEY_ENCRYPTION_KEY is not set: access tokens are signed with an EPHEMERAL in-memory key. ' +
      'Tokens stop verifying when this process restarts, replicas do not share keys and no signing-key ' +
      'event is published. Set AUTH_KEY_ENCRYPTION_KEY (openssl rand -base64 32) for any shared deployment.',
  );
  return new EphemeralSigningKeys();
}
