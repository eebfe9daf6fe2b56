import { compositeJwks, jwksFromFile, remoteJwks, type JwksSource } from '@gatehouse/access-token';
import { AccessTokenAuthenticator } from './access-token-authenticator';
import type { CallerAuthenticator } from './caller-authenticator';

export interface AuthenticatorSettings {
  readonly jwksUrl?: string;
  readonly jwksFile?: string;
  readonly issuer: string;
  readonly audience: string;
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
 * Keys from the auth service's JWKS URL, the dev signer's file, or both (tried in that order, for
 * a deployment moving off the dev signer).
 */
export function createCallerAuthenticator(settings: AuthenticatorSettings): CallerAuthenticator {
  const sources: JwksSource[] = [];
  if (settings.jwksUrl !== undefined) sources.push(remoteJwks(settings.jwksUrl));
  if (settings.jwksFile !== undefined) sources.push(jwksFromFile(settings.jwksFile));
  if (sources.length === 0) {
    throw new AuthenticatorConfigError(
      'Set GATEHOUSE_JWKS_URL (the auth service JWKS) or GATEHOUSE_JWKS_FILE (e.g. .gatehouse/dev-signer/jwks.json) so callers can be verified.',
    );
  }
  const keys = sources.length === 1 ? sources[0] : compositeJwks(sources);
  return new AccessTokenAuthenticator({ keys, issuer: settings.issuer, audience: settings.audience });
}
