import { postForm, type OAuthTransport } from './oauth-transport';

/**
 * RFC 7009 revocation without client authentication. Best effort: the result says whether the
 * server confirmed (200), and never throws, because logout must still delete local credentials.
 */
export async function revokeToken(
  transport: OAuthTransport,
  endpoint: string,
  token: string,
  hint: 'access_token' | 'refresh_token',
): Promise<boolean> {
  try {
    const answer = await postForm(transport, endpoint, { token, token_type_hint: hint });
    return answer.status === 200;
  } catch {
    return false;
  }
}
