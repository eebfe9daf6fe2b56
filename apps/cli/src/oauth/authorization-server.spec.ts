import { scriptedFetch } from '../test-support/scripted-fetch';
import { discoverEndpoints, resolveEndpoints } from './authorization-server';
import { pkceChallenge } from './pkce';

describe('resolveEndpoints', () => {
  it('uses advertised endpoints on the same origin', () => {
    expect(
      resolveEndpoints('https://gw.corp.test/', {
        device_authorization_endpoint: 'https://gw.corp.test/o/device',
        token_endpoint: 'https://gw.corp.test/o/token',
        revocation_endpoint: 'https://gw.corp.test/o/revoke',
        authorization_endpoint: 'https://gw.corp.test/o/authorize',
      }),
    ).toEqual({
      deviceAuthorization: 'https://gw.corp.test/o/device',
      token: 'https://gw.corp.test/o/token',
      revocation: 'https://gw.corp.test/o/revoke',
      authorization: 'https://gw.corp.test/o/authorize',
    });
  });

  it('falls back to default paths for foreign-origin or relative endpoints and skips revocation', () => {
    expect(
      resolveEndpoints('https://gw.corp.test', {
        device_authorization_endpoint: 'https://internal.corp.test/oauth/device_authorization',
        token_endpoint: '/oauth/token',
        revocation_endpoint: 'http://gw.corp.test/oauth/revoke',
      }),
    ).toEqual({
      deviceAuthorization: 'https://gw.corp.test/oauth/device_authorization',
      token: 'https://gw.corp.test/oauth/token',
    });
  });

  it('uses the defaults when the server has no metadata', async () => {
    const { fetch, requests } = scriptedFetch({});
    const endpoints = await discoverEndpoints({ fetch, userAgent: 'ua' }, 'http://127.0.0.1:4001');
    expect(requests[0]?.url).toBe('http://127.0.0.1:4001/.well-known/oauth-authorization-server');
    expect(endpoints).toEqual({
      deviceAuthorization: 'http://127.0.0.1:4001/oauth/device_authorization',
      token: 'http://127.0.0.1:4001/oauth/token',
    });
  });
});

describe('pkceChallenge', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
