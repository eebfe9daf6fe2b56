import type { RefreshOutcome } from '../directory/session-store';
import type { SessionEntity } from '../directory/entities/session.entity';
import type { IssuedAccessToken, IssueRefusal } from '../tokens/access-token-issuer';
import { TokenError, TokenErrorCode } from '../tokens/token-error';
import { DEVICE_CODE_GRANT_TYPE } from './grant-types';
import { RefreshTokenGrant } from './refresh-token-grant';
import { TokenEndpoint } from './token-endpoint';
import type { DeviceCodeGrant, TokenGrantOutcome } from './token-grant';

const silent = { warn: () => undefined, error: () => undefined };
const session = { id: 'ses_1', userId: 'usr_1' } as SessionEntity;
const issued: IssuedAccessToken = {
  ok: true,
  accessToken: 'jwt',
  expiresIn: 900,
  email: 'a@x.example',
};

function endpoint(options: {
  refresh?: RefreshOutcome;
  issue?: () => Promise<IssuedAccessToken | IssueRefusal>;
  device?: TokenGrantOutcome;
}) {
  const rotator = {
    rotateRefreshToken: async (): Promise<RefreshOutcome> =>
      options.refresh ?? { ok: true, session, refreshToken: 'gh_rt_new' },
  };
  const device: DeviceCodeGrant | undefined =
    options.device === undefined
      ? undefined
      : { exchange: async () => options.device as TokenGrantOutcome };
  return new TokenEndpoint({
    refreshGrant: new RefreshTokenGrant(rotator),
    issuer: { issue: options.issue ?? (async () => issued) },
    deviceGrant: device,
    logger: silent,
  });
}

describe('TokenEndpoint', () => {
  it('given a valid refresh token, then it answers the token response with no-store', async () => {
    const response = await endpoint({}).handle({
      grant_type: 'refresh_token',
      refresh_token: 'gh_rt_old',
      extra: 'ignored',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: 'jwt',
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: 'gh_rt_new',
      email: 'a@x.example',
    });
    expect(response.headers?.['cache-control']).toBe('no-store');
  });

  it.each([
    'refresh_token_reuse',
    'session_revoked',
    'session_expired',
    'unknown_token',
    'token_expired',
    'token_revoked',
  ] as const)(
    'given a refresh refused for %s, then 401 invalid_grant (the deprovisioning hook)',
    async (reason) => {
      const response = await endpoint({ refresh: { ok: false, reason } }).handle({
        grant_type: 'refresh_token',
        refresh_token: 'gh_rt_old',
      });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ error: 'invalid_grant' });
      expect(String(response.body['error_description'])).toMatch(/Sign in again/);
    },
  );

  it('given the user was deactivated since the refresh token was issued, then 401 invalid_grant', async () => {
    const response = await endpoint({
      issue: async () => ({ ok: false, reason: 'user_inactive' }),
    }).handle({
      grant_type: 'refresh_token',
      refresh_token: 'gh_rt_old',
    });
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_grant' } });
  });

  it('given no grant_type or no refresh_token, then 400 invalid_request naming the parameter', async () => {
    expect(await endpoint({}).handle({})).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'The grant_type parameter is missing.' },
    });
    expect(
      await endpoint({}).handle({ grant_type: 'refresh_token', refresh_token: ['a', 'b'] }),
    ).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'The refresh_token parameter must appear once.',
      },
    });
  });

  it('given an unknown grant type, then 400 unsupported_grant_type', async () => {
    expect(await endpoint({}).handle({ grant_type: 'password' })).toMatchObject({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
  });

  it('given no device grant is wired, then the device grant is unsupported, not faked', async () => {
    const response = await endpoint({}).handle({
      grant_type: DEVICE_CODE_GRANT_TYPE,
      device_code: 'abc',
    });
    expect(response).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('passes the device grant errors through with their status', async () => {
    const pending = await endpoint({
      device: { ok: false, error: 'authorization_pending', description: 'waiting', status: 400 },
    }).handle({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'abc' });
    expect(pending).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });
    const slow = await endpoint({
      device: { ok: false, error: 'slow_down', description: 'slow', status: 400 },
    }).handle({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'abc' });
    expect(slow).toMatchObject({ status: 400, body: { error: 'slow_down' } });
  });

  it('given an approved device code, then the token response carries the approving email', async () => {
    const response = await endpoint({
      device: {
        ok: true,
        sessionId: 'ses_1',
        userId: 'usr_1',
        refreshToken: 'gh_rt_1',
        email: 'dev@x.example',
      },
    }).handle({ grant_type: DEVICE_CODE_GRANT_TYPE, device_code: 'abc' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ refresh_token: 'gh_rt_1', email: 'dev@x.example' });
  });

  it('given no signing key is loaded yet, then 503 temporarily_unavailable with Retry-After', async () => {
    const response = await endpoint({
      issue: async () => {
        throw new TokenError(TokenErrorCode.NO_SIGNING_KEY, 'starting');
      },
    }).handle({ grant_type: 'refresh_token', refresh_token: 'gh_rt_old' });
    expect(response).toMatchObject({ status: 503, body: { error: 'temporarily_unavailable' } });
    expect(response.headers?.['retry-after']).toBe('5');
  });
});
