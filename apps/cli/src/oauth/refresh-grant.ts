import { CliError, CliErrorCode, SESSION_ENDED_MESSAGE } from '../cli-error';
import { describeAnswer, oauthErrorCode, postForm, type OAuthTransport } from './oauth-transport';
import { parseTokenResponse, type TokenSet } from './token-response';

/**
 * RFC 6749 §6 refresh. `invalid_grant` (the gateway answers it with 401) means the session is over
 * (revoked, deprovisioned, past its lifetime): only a new login helps, so it gets its own code.
 */
export async function refreshTokens(
  transport: OAuthTransport,
  tokenEndpoint: string,
  refreshToken: string,
  now: () => number,
): Promise<TokenSet> {
  const answer = await postForm(transport, tokenEndpoint, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
  if (answer.status === 200) {
    const tokens = parseTokenResponse(answer, now());
    // RFC 6749 §6: a server that issues no new refresh token leaves the old one valid.
    return tokens.refreshToken === undefined ? { ...tokens, refreshToken } : tokens;
  }
  if (oauthErrorCode(answer) === 'invalid_grant')
    throw new CliError(CliErrorCode.SESSION_ENDED, SESSION_ENDED_MESSAGE);
  throw new CliError(
    CliErrorCode.PROTOCOL_ERROR,
    `the token endpoint refused the refresh: ${describeAnswer(answer)}`,
  );
}
