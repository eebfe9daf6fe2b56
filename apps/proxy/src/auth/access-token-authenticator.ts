import {
  AccessTokenVerifier,
  CredentialVerifier,
  TOKEN_REJECTIONS,
  type JwksSource,
  type Principal,
  type RevocationList,
  type ServiceAccountKeyRegistry,
} from '@gatehouse/access-token';
import { isEntityId } from '../accounting/usage-event-builder';
import {
  extractCredential,
  MISSING_CREDENTIALS_MESSAGE,
  type AuthenticationResult,
  type CallerAuthenticator,
  type CallerPrincipal,
  type IncomingHeaders,
} from './caller-authenticator';

export interface AccessTokenAuthenticatorOptions {
  readonly keys: JwksSource;
  readonly issuer: string;
  readonly audience: string;
  /** Revoked sessions and users, fed from Kafka; checked on every request, cached token or not. */
  readonly revocations?: RevocationList;
  /** Service account API keys (`gh_sk_…`), fed from Kafka. */
  readonly apiKeys?: ServiceAccountKeyRegistry;
}

const ROLE_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * Gatehouse access tokens (JWT, verified locally against the cached JWKS; the verifier keeps its
 * own cache of verified tokens, so a repeat token costs a digest and a map read).
 */
export class AccessTokenAuthenticator implements CallerAuthenticator {
  private readonly verifier: CredentialVerifier;
  /** Verified principals are frozen and shared, so their mapping is cached by identity. */
  private readonly mapped = new WeakMap<Principal, CallerPrincipal>();

  constructor(options: AccessTokenAuthenticatorOptions) {
    // Service account API keys are recognised by their `gh_sk_` prefix; without a registry (identity
    // state off) they are refused as unknown with a typed 401.
    this.verifier = new CredentialVerifier(
      new AccessTokenVerifier({ issuer: options.issuer, audience: options.audience, keys: options.keys, revocations: options.revocations }),
      options.apiKeys,
    );
  }

  async authenticate(headers: IncomingHeaders): Promise<AuthenticationResult> {
    const credential = extractCredential(headers);
    if (credential === null) return { ok: false, message: MISSING_CREDENTIALS_MESSAGE };
    const result = await this.verifier.verify(credential);
    if (!result.ok) {
      return { ok: false, message: result.message, gatewayFault: TOKEN_REJECTIONS[result.reason].httpStatus === 503 };
    }
    return { ok: true, principal: this.toCaller(result.principal) };
  }

  private toCaller(principal: Principal): CallerPrincipal {
    const cached = this.mapped.get(principal);
    if (cached !== undefined) return cached;
    const caller: CallerPrincipal = Object.freeze({
      type: principal.principalType,
      id: principal.userId,
      teamId: principal.teamId !== null && isEntityId(principal.teamId) ? principal.teamId : null,
      orgId: principal.orgId,
      // The usage contract only takes well-formed role names; anything else is dropped, not fatal.
      roles: Object.freeze(principal.roles.filter((role) => ROLE_NAME.test(role)).slice(0, 64)),
      ...(principal.email !== null ? { email: principal.email } : {}),
    });
    this.mapped.set(principal, caller);
    return caller;
  }
}
