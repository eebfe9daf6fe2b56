import type { IssuedAccessToken } from '../tokens/access-token-issuer';
import { RefreshTokenGrant } from './refresh-token-grant';
import { TokenEndpoint } from './token-endpoint';
import type {
  AuthorizationCodeGrant,
  AuthorizationCodeRequest,
  TokenGrantOutcome,
} from './token-grant';

const issued: IssuedAccessToken = {
  ok: true,
  accessToken: 'jwt',
  expiresIn: 900,
  email: 'alice@example.com',
};
const form = {
  grant_type: 'authorization_code',
  code: 'c0de',
  redirect_uri: 'http://127.0.0.1:5000/callback',
  code_verifier: 'v'.repeat(43),
  client_id: 'gatehouse-cli',
};

function endpoint(grant?: AuthorizationCodeGrant) {
  return new TokenEndpoint({
    refreshGrant: new RefreshTokenGrant({
      rotateRefreshToken: async () => ({ ok: false, reason: 'unknown_token' }),
    }),
    issuer: { issue: async () => issued },
    authorizationCodeGrant: grant,
    logger: { warn: () => undefined, error: () => undefined },
  });
}

function recordingGrant(outcome: TokenGrantOutcome) {
  const seen: AuthorizationCodeRequest[] = [];
  const grant: AuthorizationCodeGrant = {
    exchange: async (request) => {
      seen.push(request);
      return outcome;
    },
  };
  return { grant, seen };
}

describe('TokenEndpoint, grant_type=authorization_code', () => {
  it('given a redeemable code, then it passes every parameter to the grant and answers the token response', async () => {
    const { grant, seen } = recordingGrant({
      ok: true,
      sessionId: 'ses_1',
      userId: 'usr_1',
      refreshToken: 'gh_rt_1',
      email: 'alice@example.com',
    });
    const response = await endpoint(grant).handle(form);
    expect(seen).toEqual([
      {
        code: 'c0de',
        redirectUri: form.redirect_uri,
        codeVerifier: form.code_verifier,
        clientId: 'gatehouse-cli',
      },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: 'jwt',
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: 'gh_rt_1',
      email: 'alice@example.com',
    });
    expect(response.headers?.['cache-control']).toBe('no-store');
  });

  it('given a refused code, then it answers 400 invalid_grant with the reason', async () => {
    const { grant } = recordingGrant({
      ok: false,
      error: 'invalid_grant',
      description: 'used',
      status: 400,
    });
    const response = await endpoint(grant).handle(form);
    expect(response).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'used' },
    });
  });

  it.each(['code', 'redirect_uri', 'code_verifier', 'client_id'])(
    'given no %s, then it answers invalid_request without calling the grant',
    async (missing) => {
      const { grant, seen } = recordingGrant({
        ok: false,
        error: 'invalid_grant',
        description: 'x',
        status: 400,
      });
      const response = await endpoint(grant).handle({ ...form, [missing]: undefined });
      expect(response).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
      expect(seen).toHaveLength(0);
    },
  );

  it('given no code grant wired (OIDC off), then it answers unsupported_grant_type', async () => {
    const response = await endpoint(undefined).handle(form);
    expect(response).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });
});
