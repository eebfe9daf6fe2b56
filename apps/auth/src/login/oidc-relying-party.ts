import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import {
  idTokenHasMappedClaims,
  mapClaims,
  type ClaimMapping,
  type ClaimSet,
  type MappedIdentity,
} from './claim-mapping';
import { LoginError, LoginErrorCode } from './login-error';
import type { LoginPurpose } from './login-transaction.entity';
import type { LoginTransactionStore } from './login-transaction-store';
import { discoverIssuer, type DiscoverOptions, type IssuerEndpoints } from './oidc-discovery';
import { newLoginAttempt, PkceOpenIdConnectStrategy, type LoginAttempt } from './oidc-strategy';
import { runPassportStrategy, type PassportOutcome, type PassportRequest } from './passport-runner';

/** One IdP registration: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_SCOPES, OIDC_CLAIM_*. */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `AUTH_PUBLIC_URL` + `/auth/callback`. */
  redirectUri: string;
  scopes: readonly string[];
  claims: ClaimMapping;
}

export type CompletedLogin =
  | { ok: true; identity: MappedIdentity; purpose: LoginPurpose }
  | { ok: false; error: LoginError; purpose: LoginPurpose | undefined };

/**
 * Gatehouse as an OpenID Connect relying party of one issuer: authorization code flow with PKCE
 * (S256), state and nonce, through passport-openidconnect. Several issuers would be several
 * instances, picked by the sign-in page; nothing here is global.
 */
export class OidcRelyingParty {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;

  private constructor(
    private readonly settings: OidcClientSettings,
    readonly endpoints: IssuerEndpoints,
    private readonly transactions: LoginTransactionStore,
  ) {
    this.jwks = createRemoteJWKSet(new URL(endpoints.jwksUri));
  }

  /** Discovers the issuer's endpoints; throws LoginError ISSUER_UNREACHABLE / DISCOVERY_INVALID. */
  static async discover(
    settings: OidcClientSettings,
    transactions: LoginTransactionStore,
    options?: DiscoverOptions,
  ): Promise<OidcRelyingParty> {
    const endpoints = await discoverIssuer(settings.issuer, options);
    return new OidcRelyingParty(settings, endpoints, transactions);
  }

  get issuer(): string {
    return this.endpoints.issuer;
  }

  /**
   * Throws LoginError ISSUER_UNREACHABLE when the IdP does not answer now, so a sign-in can stop
   * with a page naming the IdP instead of sending the browser to an address that refuses it.
   */
  async checkReachable(timeoutMs = 3_000): Promise<void> {
    await discoverIssuer(this.settings.issuer, { timeoutMs });
  }

  /** Records the sign-in and returns the IdP authorization URL to send the browser to. */
  async beginLogin(purpose: LoginPurpose, browserBinding: string): Promise<string> {
    const attempt = newLoginAttempt(browserBinding);
    const outcome = await runPassportStrategy(
      this.strategy(attempt),
      { method: 'GET', url: '/', headers: {}, query: {} },
      { state: purpose },
    );
    if (outcome.kind === 'redirect') return outcome.location;
    throw new LoginError(
      LoginErrorCode.IDP_ERROR,
      `could not start the sign-in: ${describe(outcome)}`,
    );
  }

  /** Finishes the sign-in at the callback. Never throws for IdP or browser faults. */
  async completeLogin(
    request: PassportRequest,
    browserBinding: string | undefined,
  ): Promise<CompletedLogin> {
    const attempt = newLoginAttempt(browserBinding);
    const outcome = await runPassportStrategy(this.strategy(attempt), request);
    if (outcome.kind === 'success') {
      const purpose = restoredPurpose(attempt);
      if (purpose === undefined) throw new Error('sign-in succeeded without a restored state');
      return { ok: true, identity: outcome.user as MappedIdentity, purpose };
    }
    // An IdP error redirect stops the library before it reads the state; take the transaction
    // anyway so the purpose (e.g. a waiting device) learns the sign-in ended.
    const state = request.query.state;
    if (attempt.restored === undefined && typeof state === 'string' && state !== '') {
      attempt.restored = await this.transactions.take(state, browserBinding);
    }
    return {
      ok: false,
      error: this.failure(outcome, attempt, request),
      purpose: restoredPurpose(attempt),
    };
  }

  private strategy(attempt: LoginAttempt): PkceOpenIdConnectStrategy {
    return new PkceOpenIdConnectStrategy(
      {
        issuer: this.endpoints.issuer,
        authorizationURL: this.endpoints.authorizationEndpoint,
        tokenURL: this.endpoints.tokenEndpoint,
        clientID: this.settings.clientId,
        clientSecret: this.settings.clientSecret,
        callbackURL: this.settings.redirectUri,
        userInfoURL: this.endpoints.userinfoEndpoint,
        scope: this.settings.scopes,
      },
      attempt,
      this.transactions,
      (idToken, accessToken, done) => {
        this.identityFrom(idToken, accessToken).then(
          (identity) => done(null, identity),
          (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
        );
      },
    );
  }

  /**
   * passport-openidconnect checks iss/aud/azp/exp/nonce but not the signature (it trusts the TLS
   * channel to the token endpoint); the JWKS check here makes a forged ID token fail even when
   * that channel is plain HTTP or intercepted.
   */
  private async identityFrom(idToken: string, accessToken: string): Promise<MappedIdentity> {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(idToken, this.jwks, {
        issuer: this.endpoints.issuer,
        audience: this.settings.clientId,
        clockTolerance: 60,
      }));
    } catch (error) {
      throw new LoginError(
        LoginErrorCode.ID_TOKEN_INVALID,
        `The ID token from ${this.endpoints.issuer} failed verification: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const idClaims = claims as ClaimSet;
    const userinfo = idTokenHasMappedClaims(idClaims, this.settings.claims)
      ? undefined
      : await this.userinfo(accessToken);
    return mapClaims(idClaims, userinfo, this.settings.claims);
  }

  private async userinfo(accessToken: string): Promise<ClaimSet | undefined> {
    const endpoint = this.endpoints.userinfoEndpoint;
    if (endpoint === undefined) return undefined;
    let response: Response;
    try {
      response = await fetch(endpoint, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new LoginError(LoginErrorCode.IDP_ERROR, `userinfo endpoint ${endpoint} unreachable`, {
        cause: error,
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new LoginError(
        LoginErrorCode.IDP_ERROR,
        `userinfo endpoint ${endpoint} answered HTTP ${response.status}`,
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    return typeof body === 'object' && body !== null ? (body as ClaimSet) : undefined;
  }

  private failure(
    outcome: PassportOutcome,
    attempt: LoginAttempt,
    request: PassportRequest,
  ): LoginError {
    const idpError = request.query.error;
    if (typeof idpError === 'string') {
      const description = request.query.error_description;
      const detail =
        typeof description === 'string' && description !== '' ? `: ${description}` : '';
      return idpError === 'access_denied'
        ? new LoginError(
            LoginErrorCode.IDP_ACCESS_DENIED,
            `The identity provider denied the sign-in${detail}.`,
          )
        : new LoginError(
            LoginErrorCode.IDP_ERROR,
            `The identity provider answered ${idpError}${detail}.`,
          );
    }
    if (attempt.restored !== undefined && !attempt.restored.ok) {
      return new LoginError(LoginErrorCode.INVALID_STATE, STATE_MESSAGES[attempt.restored.reason]);
    }
    if (outcome.kind === 'error')
      return errorFromLibrary(outcome.error, this.endpoints.tokenEndpoint);
    return new LoginError(
      LoginErrorCode.ID_TOKEN_INVALID,
      `The sign-in was refused: ${describe(outcome)}.`,
    );
  }
}

const STATE_MESSAGES: Record<'unknown' | 'expired' | 'other_browser', string> = {
  unknown:
    'This sign-in link was already used or is not one Gatehouse issued. Start the sign-in again.',
  expired: 'This sign-in took too long and expired. Start the sign-in again.',
  other_browser:
    'This sign-in was started in another browser. Finish it in the browser where you started it.',
};

function restoredPurpose(attempt: LoginAttempt): LoginPurpose | undefined {
  return attempt.restored?.ok === true ? attempt.restored.transaction.purpose : undefined;
}

function errorFromLibrary(error: unknown, tokenEndpoint: string): LoginError {
  if (error instanceof LoginError) return error;
  if (error instanceof Error && error.name === 'TokenError') {
    const code = (error as Error & { code?: string }).code ?? 'invalid_request';
    if (code === 'invalid_client' || code === 'unauthorized_client') {
      return new LoginError(
        LoginErrorCode.CLIENT_AUTH_FAILED,
        `The identity provider rejected Gatehouse's client credentials (${code}${error.message ? `: ${error.message}` : ''}); check OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.`,
        { cause: error },
      );
    }
    return new LoginError(
      LoginErrorCode.IDP_ERROR,
      `The identity provider's token endpoint answered ${code}${error.message ? `: ${error.message}` : ''}.`,
      { cause: error },
    );
  }
  if (error instanceof Error && error.name === 'InternalOAuthError') {
    return new LoginError(
      LoginErrorCode.IDP_ERROR,
      `Could not exchange the code at ${tokenEndpoint}: the identity provider did not answer usably.`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LoginError(LoginErrorCode.IDP_ERROR, `The sign-in failed: ${message}.`, {
    cause: error,
  });
}

function describe(outcome: PassportOutcome): string {
  switch (outcome.kind) {
    case 'redirect':
      return `redirect to ${outcome.location}`;
    case 'success':
      return 'success';
    case 'error':
      return outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    case 'fail': {
      const info = outcome.info as { message?: unknown } | undefined;
      return typeof info?.message === 'string' ? info.message : 'refused';
    }
  }
}
