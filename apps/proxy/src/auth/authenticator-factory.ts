import { compositeJwks, jwksFromFile, remoteJwks, type JwksSource } from '@gatehouse/access-token';
import type { IdentityState } from '../identity-state/identity-state';
import { withPublishedKeys } from '../identity-state/published-signing-keys';
import { AccessTokenAuthenticator } from './access-token-authenticator';
import type { CallerAuthenticator } from './caller-authenticator';

export interface AuthenticatorSettings {
  readonly jwksUrl?: string;
  readonly jwksFile?: string;
  readonly issuer: string;
  readonly audience: string;
  /**
   * Identity state learned from Kafka: the published signing keys (which then suffice without a
   * JWKS URL or file), revocations and service account keys.
   */
  readonly identity?: Pick<IdentityState, 'signingKeys' | 'revocations' | 'apiKeys'>;
}

/** Thrown at startup when no key source is configured: the proxy never runs unauthenticated. */
export class AuthenticatorConfigError extends Error {
  readonly code = 'PROXY_AUTH_NOT_CONFIGURED';
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticatorConfigError';
  }
}

/**
 * Keys from the signing-key topic (identity state on), then the auth service's JWKS URL, then the
 * dev signer's file (tried in that order, for a deployment moving off the dev signer).
 */
export function createCallerAuthenticator(settings: AuthenticatorSettings): CallerAuthenticator {
  const sources: JwksSource[] = [];
  if (settings.jwksUrl !== undefined) sources.push(remoteJwks(settings.jwksUrl));
  if (settings.jwksFile !== undefined) sources.push(jwksFromFile(settings.jwksFile));
  const identity = settings.identity;
  if (identity === undefined && sources.length === 0) {
    throw new AuthenticatorConfigError(
      'Set GATEHOUSE_JWKS_URL (the auth service JWKS) or GATEHOUSE_JWKS_FILE (e.g. .gatehouse/dev-signer/jwks.json), ' +
        'or leave PROXY_IDENTITY_STATE on (signing keys from Kafka), so callers can be verified.',
    );
  }
  const keys =
    identity !== undefined ? withPublishedKeys(identity.signingKeys, sources) : sources.length === 1 ? sources[0] : compositeJwks(sources);
  return new AccessTokenAuthenticator({
    keys,
    issuer: settings.issuer,
    audience: settings.audience,
    revocations: identity?.revocations,
    apiKeys: identity?.apiKeys,
  });
}
