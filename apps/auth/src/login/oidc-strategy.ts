import { Strategy as OpenIdConnectStrategy } from 'passport-openidconnect';
import type { LoginPurpose } from './login-transaction.entity';
import type { LoginTransactionStore, TakeOutcome } from './login-transaction-store';
import { createPkcePair, type PkcePair } from './pkce';
import { randomToken } from './secrets';

/**
 * What one request through the strategy carries: the browser binding, the PKCE pair of a new
 * sign-in, and what the state store found at the callback. A strategy instance is built per
 * request around it, so nothing request-specific is shared between concurrent sign-ins.
 */
export interface LoginAttempt {
  browserBinding: string | undefined;
  pkce: PkcePair;
  /** Set by the state store at the callback. */
  restored?: TakeOutcome;
}

export function newLoginAttempt(browserBinding: string | undefined): LoginAttempt {
  return { browserBinding, pkce: createPkcePair() };
}

export interface StrategySettings {
  issuer: string;
  authorizationURL: string;
  tokenURL: string;
  clientID: string;
  clientSecret: string;
  callbackURL: string;
  userInfoURL: string | undefined;
  scope: readonly string[];
}

/** The identity the verify step hands back (see oidc-relying-party.ts). */
export type VerifyIdToken = (
  idToken: string,
  accessToken: string,
  done: (error: Error | null, user?: Express.User | false) => void,
) => void;

/**
 * passport-openidconnect 0.1 has no PKCE: this subclass adds `code_challenge` (S256) to the
 * authorization request and `code_verifier` to the token request. Everything else — state and
 * nonce handling, the code exchange, the ID token's iss/aud/azp/exp/nonce checks — is the
 * library's own.
 */
export class PkceOpenIdConnectStrategy extends OpenIdConnectStrategy {
  constructor(
    settings: StrategySettings,
    private readonly attempt: LoginAttempt,
    transactions: LoginTransactionStore,
    verify: VerifyIdToken,
  ) {
    super(
      {
        issuer: settings.issuer,
        authorizationURL: settings.authorizationURL,
        tokenURL: settings.tokenURL,
        clientID: settings.clientID,
        clientSecret: settings.clientSecret,
        callbackURL: settings.callbackURL,
        // Unused: the verify step fetches userinfo itself (skipUserProfile), but the type wants it.
        userInfoURL: settings.userInfoURL ?? '',
        // The library prefixes `openid` itself.
        scope: settings.scope.filter((scope) => scope !== 'openid'),
        // Any truthy value makes the library send a fresh nonce and check it in the ID token.
        nonce: 'required',
        // Userinfo is fetched by the verify step only when the ID token lacks a mapped claim.
        skipUserProfile: true,
        store: new TransactionStateStore(transactions, attempt),
      },
      (
        _issuer: string,
        _uiProfile: object,
        _idProfile: object,
        _context: object,
        idToken: string | object,
        accessToken: string | object,
        _refreshToken: string,
        _params: unknown,
        done: (error: Error | null, user?: Express.User | false) => void,
      ) => verify(String(idToken), String(accessToken), done),
    );
    const oauth2 = this._oauth2;
    const exchange = oauth2.getOAuthAccessToken.bind(oauth2);
    // The library always calls the three-argument form (code, params, callback).
    type TokenCallback = Parameters<typeof exchange>[1];
    const withVerifier = (code: string, params: object, callback: TokenCallback): void => {
      const verifier =
        attempt.restored?.ok === true ? attempt.restored.transaction.codeVerifier : undefined;
      exchange(code, { ...params, code_verifier: verifier }, callback);
    };
    oauth2.getOAuthAccessToken = withVerifier as typeof oauth2.getOAuthAccessToken;
  }

  override authorizationParams(): object {
    return { code_challenge: this.attempt.pkce.challenge, code_challenge_method: 'S256' };
  }
}

/** passport-openidconnect's request type (Express's), as its state store receives it. */
type Request = Parameters<OpenIdConnectStrategy['authenticate']>[0];

interface StoreContext {
  nonce?: string;
}

/**
 * passport-openidconnect's state store interface, backed by PostgreSQL (login_transactions)
 * instead of `req.session`: the sign-in's purpose rides along as the library's "app state".
 */
class TransactionStateStore {
  constructor(
    private readonly transactions: LoginTransactionStore,
    private readonly attempt: LoginAttempt,
  ) {}

  store(
    _req: Request,
    ctx: StoreContext,
    appState: object | undefined,
    _meta: object | undefined,
    cb: (err: Error | null, handle?: string) => void,
  ): void {
    const { browserBinding, pkce } = this.attempt;
    if (browserBinding === undefined || ctx.nonce === undefined || appState === undefined) {
      cb(new Error('a sign-in needs a browser binding, a nonce and a purpose'));
      return;
    }
    const state = randomToken();
    this.transactions
      .open({
        state,
        browserBinding,
        nonce: ctx.nonce,
        codeVerifier: pkce.verifier,
        purpose: appState as LoginPurpose,
      })
      .then(
        () => cb(null, state),
        (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
      );
  }

  verify(
    _req: Request,
    handle: string,
    cb: (err: Error | null, ctx?: false | StoreContext, state?: unknown) => void,
  ): void {
    if (typeof handle !== 'string' || handle === '') {
      this.attempt.restored = { ok: false, reason: 'unknown' };
      cb(null, false, { message: 'missing state' });
      return;
    }
    this.transactions.take(handle, this.attempt.browserBinding).then(
      (outcome) => {
        this.attempt.restored = outcome;
        if (!outcome.ok) cb(null, false, { message: outcome.reason });
        else cb(null, { nonce: outcome.transaction.nonce }, outcome.transaction.purpose);
      },
      (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
