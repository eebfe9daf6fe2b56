import type { Logger } from '@gatehouse/observability';
import type { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { TokenError, TokenErrorCode } from '../tokens/token-error';
import {
  AUTHORIZATION_CODE_GRANT_TYPE,
  DEVICE_CODE_GRANT_TYPE,
  REFRESH_TOKEN_GRANT_TYPE,
} from './grant-types';
import { fromGrantErrorCode, OAuthErrorCode, oauthError, type OAuthResponse } from './oauth-error';
import type { RefreshTokenGrant } from './refresh-token-grant';
import type { AuthorizationCodeGrant, DeviceCodeGrant, TokenGrantOutcome } from './token-grant';

/** A form field; repeated fields arrive as arrays, which RFC 6749 §3.2 forbids. */
export type FormValue = string | readonly string[] | undefined;
export type OAuthForm = Readonly<Record<string, FormValue>>;

export interface TokenEndpointDeps {
  refreshGrant: RefreshTokenGrant;
  issuer: Pick<AccessTokenIssuer, 'issue'>;
  /** Wired by the device flow; without it the device grant is answered `unsupported_grant_type`. */
  deviceGrant?: DeviceCodeGrant;
  /** Wired by the CLI's browser sign-in; without it the code grant is `unsupported_grant_type`. */
  authorizationCodeGrant?: AuthorizationCodeGrant;
  logger: Pick<Logger, 'warn' | 'error'>;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * `POST /oauth/token`, framework-free: reads the grant's parameters (unknown ones ignored, no
 * client authentication, as Claude Code sends none), delegates to the grant, then mints the access
 * token for the session the grant produced.
 */
export class TokenEndpoint {
  constructor(private readonly deps: TokenEndpointDeps) {}

  get deviceGrantWired(): boolean {
    return this.deps.deviceGrant !== undefined;
  }

  async handle(form: OAuthForm): Promise<OAuthResponse> {
    const grantType = single(form, 'grant_type');
    if (!grantType.ok) return withNoStore(grantType.error);
    switch (grantType.value) {
      case REFRESH_TOKEN_GRANT_TYPE:
        return withNoStore(await this.refresh(form));
      case DEVICE_CODE_GRANT_TYPE:
        return withNoStore(await this.device(form));
      case AUTHORIZATION_CODE_GRANT_TYPE:
        return withNoStore(await this.authorizationCode(form));
      default:
        return withNoStore(
          oauthError(
            OAuthErrorCode.UNSUPPORTED_GRANT_TYPE,
            `grant_type "${grantType.value.slice(0, 100)}" is not supported; use ${DEVICE_CODE_GRANT_TYPE} or refresh_token`,
          ),
        );
    }
  }

  private async refresh(form: OAuthForm): Promise<OAuthResponse> {
    const token = single(form, 'refresh_token');
    if (!token.ok) return token.error;
    return this.complete(await this.deps.refreshGrant.exchange(token.value), 401);
  }

  private async device(form: OAuthForm): Promise<OAuthResponse> {
    const grant = this.deps.deviceGrant;
    if (grant === undefined) {
      return oauthError(
        OAuthErrorCode.UNSUPPORTED_GRANT_TYPE,
        'The device authorization grant is not enabled on this server.',
      );
    }
    const code = single(form, 'device_code');
    if (!code.ok) return code.error;
    return this.complete(await grant.exchange(code.value), 400);
  }

  private async authorizationCode(form: OAuthForm): Promise<OAuthResponse> {
    const grant = this.deps.authorizationCodeGrant;
    if (grant === undefined) {
      return oauthError(
        OAuthErrorCode.UNSUPPORTED_GRANT_TYPE,
        'The authorization code grant is not enabled on this server.',
      );
    }
    const code = single(form, 'code');
    if (!code.ok) return code.error;
    const redirectUri = single(form, 'redirect_uri');
    if (!redirectUri.ok) return redirectUri.error;
    const codeVerifier = single(form, 'code_verifier');
    if (!codeVerifier.ok) return codeVerifier.error;
    const clientId = single(form, 'client_id');
    if (!clientId.ok) return clientId.error;
    const outcome = await grant.exchange({
      code: code.value,
      redirectUri: redirectUri.value,
      codeVerifier: codeVerifier.value,
      clientId: clientId.value,
    });
    return this.complete(outcome, 400);
  }

  /** Turns a granted session into the token response. */
  private async complete(
    outcome: TokenGrantOutcome,
    invalidGrantStatus: number,
  ): Promise<OAuthResponse> {
    if (!outcome.ok) {
      return oauthError(fromGrantErrorCode(outcome.error), outcome.description, {
        status: outcome.status,
        headers: outcome.error === 'slow_down' ? { 'retry-after': '5' } : undefined,
      });
    }
    let issued: Awaited<ReturnType<AccessTokenIssuer['issue']>>;
    try {
      issued = await this.deps.issuer.issue(outcome.sessionId);
    } catch (error) {
      if (error instanceof TokenError && error.code === TokenErrorCode.NO_SIGNING_KEY) {
        this.deps.logger.warn(
          { err: error.message },
          'token request while no signing key is loaded',
        );
        return oauthError(
          OAuthErrorCode.TEMPORARILY_UNAVAILABLE,
          'The sign-in service is starting; try again in a few seconds.',
          { headers: { 'retry-after': '5' } },
        );
      }
      throw error;
    }
    if (!issued.ok) {
      return oauthError(
        OAuthErrorCode.INVALID_GRANT,
        issued.reason === 'user_inactive'
          ? 'This account is deactivated. Contact your administrator.'
          : 'This session has ended. Sign in again.',
        { status: invalidGrantStatus },
      );
    }
    const email = outcome.email ?? issued.email;
    return {
      status: 200,
      body: {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        refresh_token: outcome.refreshToken,
        ...(email === null || email === '' ? {} : { email }),
      },
    };
  }
}

function single(
  form: OAuthForm,
  name: string,
): { ok: true; value: string } | { ok: false; error: OAuthResponse } {
  const value = form[name];
  if (typeof value === 'string' && value.length > 0) return { ok: true, value };
  return {
    ok: false,
    error: oauthError(
      OAuthErrorCode.INVALID_REQUEST,
      value === undefined || value === ''
        ? `The ${name} parameter is missing.`
        : `The ${name} parameter must appear once.`,
    ),
  };
}

function withNoStore(response: OAuthResponse): OAuthResponse {
  return { ...response, headers: { ...NO_STORE, ...response.headers } };
}
