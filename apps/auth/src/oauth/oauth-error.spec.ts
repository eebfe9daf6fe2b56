import { defaultOAuthStatus, fromGrantErrorCode, OAuthErrorCode, oauthError } from './oauth-error';

describe('OAuth error mapping', () => {
  it('maps every code to its RFC status', () => {
    const statuses = Object.values(OAuthErrorCode).map((code) => [code, defaultOAuthStatus(code)]);
    expect(Object.fromEntries(statuses)).toEqual({
      invalid_request: 400,
      invalid_grant: 400,
      unsupported_grant_type: 400,
      authorization_pending: 400,
      slow_down: 429,
      access_denied: 400,
      expired_token: 400,
      temporarily_unavailable: 503,
    });
  });

  it('builds the RFC 6749 body and lets a grant override the status', () => {
    expect(oauthError(OAuthErrorCode.INVALID_GRANT, 'Sign in again.', { status: 401 })).toEqual({
      status: 401,
      body: { error: 'invalid_grant', error_description: 'Sign in again.' },
      headers: undefined,
    });
  });

  it('maps every grant seam code onto the catalogue', () => {
    expect(fromGrantErrorCode('expired_token')).toBe(OAuthErrorCode.EXPIRED_TOKEN);
    expect(fromGrantErrorCode('access_denied')).toBe(OAuthErrorCode.ACCESS_DENIED);
    expect(() => fromGrantErrorCode('bogus' as never)).toThrow(/unreachable/);
  });
});
