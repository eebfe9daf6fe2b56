import {
  AccessTokenVerifier,
  isAcceptedAlgorithm,
  TokenRejection,
  type JwksSource,
} from '@gatehouse/access-token';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthDirectory } from '../directory/auth-directory';
import { systemClock } from '../directory/clock';
import { bearerAuthenticator } from './caller-authenticator';
import { ManagedSettingsStore } from './managed-settings-store';
import type { PolicyRouteDeps } from './policy-routes';
import type { ErrorLogger } from './policy-responses';

/** The auth service's own published signing keys, as the tokens module keeps them. */
export interface PublishedSigningKeys {
  publishedKey(kid: string): { readonly publicJwk: object } | undefined;
}

/**
 * A JwksSource over the keys this service signs with, read live so rotation needs no refresh.
 * Only a key whose `alg` is the token's is returned, which keeps algorithm confusion out.
 */
export function ownSigningKeysJwks(keys: PublishedSigningKeys): JwksSource {
  return {
    generation: 0,
    resolve: async (kid, alg) => {
      const jwk = keys.publishedKey(kid)?.publicJwk as (JsonWebKey & { alg?: string }) | undefined;
      if (jwk === undefined || !isAcceptedAlgorithm(jwk.alg) || jwk.alg !== alg) {
        return { found: false, reason: TokenRejection.UNKNOWN_KID };
      }
      return { found: true, key: createPublicKey({ key: jwk, format: 'jwk' }) };
    },
  };
}

/** Everything registerPolicyRoutes needs inside the auth service. */
export function authPolicyRouteDeps(input: {
  dataSource: DataSource;
  directory: AuthDirectory;
  keys: PublishedSigningKeys;
  /** AUTH_PUBLIC_URL: the `iss` of the tokens this service issues. */
  issuer: string;
  logger: ErrorLogger;
}): PolicyRouteDeps {
  const verifier = new AccessTokenVerifier({
    issuer: input.issuer.replace(/\/+$/, ''),
    keys: ownSigningKeysJwks(input.keys),
    // Policy calls are rare (an hourly poll per client); verifying in full each time is cheap.
    cache: false,
  });
  return {
    store: new ManagedSettingsStore({
      dataSource: input.dataSource,
      outbox: input.directory.outbox,
      clock: systemClock,
    }),
    authenticator: bearerAuthenticator(verifier),
    users: input.directory.users,
    logger: input.logger,
  };
}
