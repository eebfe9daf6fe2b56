import { checkAuthorizationRequest } from './authorization-request';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const valid = {
  response_type: 'code',
  client_id: 'gatehouse-cli',
  redirect_uri: 'http://127.0.0.1:53123/callback',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  state: 'st4te',
};

function errorOf(query: Record<string, unknown>): Record<string, string> {
  const checked = checkAuthorizationRequest(query);
  if (checked.kind !== 'error_redirect')
    throw new Error(`expected an error redirect, got ${checked.kind}`);
  const location = new URL(checked.location);
  expect(location.origin + location.pathname).toBe('http://127.0.0.1:53123/callback');
  return Object.fromEntries(location.searchParams);
}

describe('checkAuthorizationRequest (GET /oauth/authorize)', () => {
  it('given a complete request, then it is accepted as sent', () => {
    expect(checkAuthorizationRequest({ ...valid, extra: 'ignored' })).toEqual({
      kind: 'accepted',
      request: {
        clientId: 'gatehouse-cli',
        redirectUri: 'http://127.0.0.1:53123/callback',
        codeChallenge: CHALLENGE,
        state: 'st4te',
      },
    });
  });

  it.each([
    ['an unknown client', { client_id: 'someone-else' }, 'unknown application'],
    ['no client', { client_id: undefined }, 'unknown application'],
    ['a non-loopback redirect', { redirect_uri: 'https://evil.example/cb' }, 'must use http'],
    ['a remote http redirect', { redirect_uri: 'http://evil.example:53123/cb' }, '127.0.0.1'],
    ['no redirect', { redirect_uri: undefined }, 'missing or repeated'],
    [
      'a repeated redirect',
      { redirect_uri: ['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b'] },
      'missing or repeated',
    ],
  ])('given %s, then it is refused without a redirect', (_case, change, why) => {
    const checked = checkAuthorizationRequest({ ...valid, ...change });
    expect(checked.kind).toBe('refused');
    if (checked.kind === 'refused') expect(checked.reason).toContain(why);
  });

  it('given another response type, then the client is told unsupported_response_type with its state', () => {
    expect(errorOf({ ...valid, response_type: 'token' })).toMatchObject({
      error: 'unsupported_response_type',
      state: 'st4te',
    });
  });

  it.each([
    ['no PKCE', { code_challenge: undefined, code_challenge_method: undefined }],
    ['the plain method', { code_challenge_method: 'plain' }],
    ['a malformed challenge', { code_challenge: 'short' }],
    ['a repeated state', { state: ['a', 'b'] }],
    ['an oversized state', { state: 'x'.repeat(513) }],
  ])('given %s, then the client is told invalid_request', (_case, change) => {
    expect(errorOf({ ...valid, ...change })).toMatchObject({ error: 'invalid_request' });
  });

  it('given no state, then the error redirect carries none', () => {
    const answer = errorOf({ ...valid, state: undefined });
    expect(answer).toMatchObject({
      error: 'invalid_request',
      error_description: 'state is required',
    });
    expect(answer).not.toHaveProperty('state');
  });
});
