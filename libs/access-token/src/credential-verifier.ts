import type { AccessTokenVerifier } from './access-token-verifier';
import { API_KEY_PREFIX } from './api-key';
import type { ServiceAccountKeyRegistry } from './service-account-key-registry';
import { TokenRejection } from './token-rejection';
import { rejected, type VerifyResult } from './verify-result';

/**
 * One entry point for the proxy: a bearer value is either a service account API key (by its fixed
 * prefix) or an access token. Keys without a registry are unknown rather than an error, so a proxy
 * that has not loaded keys still answers with a typed 401.
 */
export class CredentialVerifier {
  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly apiKeys?: ServiceAccountKeyRegistry,
  ) {}

  async verify(bearer: string): Promise<VerifyResult> {
    if (typeof bearer === 'string' && bearer.startsWith(API_KEY_PREFIX)) {
      return this.apiKeys?.verifyApiKey(bearer) ?? rejected(TokenRejection.UNKNOWN_KEY);
    }
    return this.tokens.verify(bearer);
  }
}
