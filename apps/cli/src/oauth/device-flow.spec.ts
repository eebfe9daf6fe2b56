import { CliErrorCode } from '../cli-error';
import { scriptedFetch, virtualClock } from '../test-support/scripted-fetch';
import {
  DEVICE_CODE_GRANT_TYPE,
  pollForDeviceToken,
  requestDeviceAuthorization,
  type DeviceAuthorization,
} from './device-flow';

const tokenUrl = 'http://auth.test/oauth/token';
const authorization: DeviceAuthorization = {
  device_code: 'dev-code',
  user_code: 'WDJB-MJHT',
  verification_uri: 'http://auth.test/device',
  expires_in: 60,
  interval: 2,
};
const approved = {
  status: 200,
  body: {
    access_token: 'at-1',
    token_type: 'Bearer',
    expires_in: 900,
    refresh_token: 'rt-1',
    email: 'ana@corp.test',
  },
};

function poll(answers: Parameters<typeof scriptedFetch>[0]['/oauth/token'], auth = authorization) {
  const clock = virtualClock();
  const { fetch, requests } = scriptedFetch({ '/oauth/token': answers });
  const result = pollForDeviceToken({
    transport: { fetch, userAgent: 'gatehouse-cli/test' },
    tokenEndpoint: tokenUrl,
    authorization: auth,
    ...clock,
  });
  return { result, requests, clock };
}

describe('device flow', () => {
  it('given pending answers, when approved, then it returns the tokens after polling at the interval', async () => {
    const { result, requests, clock } = poll([
      { status: 400, body: { error: 'authorization_pending' } },
      { status: 400, body: { error: 'authorization_pending' } },
      approved,
    ]);
    const tokens = await result;
    // Issued after three 2 s waits; the expiry counts from the answer.
    expect(tokens).toEqual({
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      expiresAt: clock.now() + 900_000,
      email: 'ana@corp.test',
    });
    expect(clock.now()).toBe(1_700_000_006_000);
    expect(clock.sleeps).toEqual([2_000, 2_000, 2_000]);
    expect(requests[0]?.form).toEqual({
      grant_type: DEVICE_CODE_GRANT_TYPE,
      device_code: 'dev-code',
    });
    expect(requests[0]?.headers['user-agent']).toBe('gatehouse-cli/test');
  });

  it('adds 5 s to the interval on each slow_down, including a bare 429', async () => {
    const { result, clock } = poll([
      { status: 400, body: { error: 'slow_down' } },
      { status: 429 },
      approved,
    ]);
    await result;
    expect(clock.sleeps).toEqual([2_000, 7_000, 12_000]);
  });

  it('uses 5 s when the server sends no interval', async () => {
    const { interval: _omitted, ...withoutInterval } = authorization;
    const { result, clock } = poll([approved], withoutInterval);
    await result;
    expect(clock.sleeps).toEqual([5_000]);
  });

  it('stops on access_denied and on expired_token', async () => {
    await expect(
      poll([{ status: 400, body: { error: 'access_denied' } }]).result,
    ).rejects.toMatchObject({ code: CliErrorCode.ACCESS_DENIED });
    await expect(
      poll([{ status: 400, body: { error: 'expired_token' } }]).result,
    ).rejects.toMatchObject({ code: CliErrorCode.LOGIN_EXPIRED });
  });

  it('gives up at expires_in without waiting for the server to say so', async () => {
    const { result, requests } = poll([{ status: 400, body: { error: 'authorization_pending' } }], {
      ...authorization,
      expires_in: 5,
    });
    await expect(result).rejects.toMatchObject({ code: CliErrorCode.LOGIN_EXPIRED });
    expect(requests).toHaveLength(2);
  });

  it('backs off while the server is unreachable, then continues', async () => {
    const down = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    const { result, clock } = poll([down, approved]);
    await expect(result).resolves.toMatchObject({ accessToken: 'at-1' });
    expect(clock.sleeps).toEqual([2_000, 7_000]);
  });

  it('rejects an answer the protocol does not allow', async () => {
    await expect(
      poll([{ status: 400, body: { error: 'invalid_client' } }]).result,
    ).rejects.toMatchObject({
      code: CliErrorCode.PROTOCOL_ERROR,
      message: expect.stringContaining('invalid_client'),
    });
  });

  it('requests a device code with surface=gatehouse_cli and validates the answer', async () => {
    const { fetch, requests } = scriptedFetch({
      '/oauth/device_authorization': [
        {
          status: 200,
          body: {
            ...authorization,
            verification_uri_complete: 'http://auth.test/device?user_code=WDJB-MJHT',
          },
        },
      ],
    });
    const got = await requestDeviceAuthorization(
      { fetch, userAgent: 'ua' },
      'http://auth.test/oauth/device_authorization',
    );
    expect(got.user_code).toBe('WDJB-MJHT');
    expect(requests[0]?.form).toEqual({ surface: 'gatehouse_cli' });
    expect(requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');

    const broken = scriptedFetch({
      '/oauth/device_authorization': [{ status: 200, body: { user_code: 'X' } }],
    });
    await expect(
      requestDeviceAuthorization(
        { fetch: broken.fetch, userAgent: 'ua' },
        'http://auth.test/oauth/device_authorization',
      ),
    ).rejects.toMatchObject({
      code: CliErrorCode.PROTOCOL_ERROR,
    });
  });
});
