import {
  AccessTokenVerifier,
  DEV_ISSUER,
  staticJwks,
  TestTokenSigner,
} from '@gatehouse/access-token';
import { bearerAuthenticator, type CallerAuthenticator } from '../policy/caller-authenticator';

export interface TestCallers {
  /** Signs the tests' access tokens; `authenticator` trusts no other key. */
  readonly signer: TestTokenSigner;
  readonly authenticator: CallerAuthenticator;
  /** A `gatehouse-admin` of the given organisation. */
  readonly adminToken: string;
}

/**
 * A fresh signing key, the bearer authenticator the admin and policy routes use (trusting only that
 * key, uncached so each test sees its own tokens), and an admin token for `orgId`.
 */
export async function createTestCallers(orgId: string): Promise<TestCallers> {
  const signer = await TestTokenSigner.generate();
  const verifier = new AccessTokenVerifier({
    issuer: DEV_ISSUER,
    keys: staticJwks(signer.jwks()),
    cache: false,
  });
  const adminToken = await signer.sign({
    sub: 'usr_admin',
    org: orgId,
    roles: ['gatehouse-admin'],
    email: 'admin@example.com',
  });
  return { signer, authenticator: bearerAuthenticator(verifier), adminToken };
}
