import { authorizationServerMetadata } from './authorization-server-metadata';

describe('authorizationServerMetadata', () => {
  it('advertises same-origin absolute endpoints and no authorization endpoint by default', () => {
    const document = authorizationServerMetadata({
      publicUrl: 'https://gw.corp.example/',
      deviceGrant: true,
    });
    expect(document).toMatchObject({
      issuer: 'https://gw.corp.example',
      device_authorization_endpoint: 'https://gw.corp.example/oauth/device_authorization',
      token_endpoint: 'https://gw.corp.example/oauth/token',
      revocation_endpoint: 'https://gw.corp.example/oauth/revoke',
      jwks_uri: 'https://gw.corp.example/.well-known/jwks.json',
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
    });
    expect(document).not.toHaveProperty('authorization_endpoint');
  });

  it('does not advertise the device grant until one is wired', () => {
    const document = authorizationServerMetadata({
      publicUrl: 'http://127.0.0.1:4001',
      deviceGrant: false,
    });
    expect(document['grant_types_supported']).toEqual(['refresh_token']);
  });

  it('adds the code grant when the browser flow provides an authorization endpoint', () => {
    const document = authorizationServerMetadata({
      publicUrl: 'http://127.0.0.1:4001',
      deviceGrant: true,
      authorizationEndpoint: 'http://127.0.0.1:4001/oauth/authorize',
    });
    expect(document).toMatchObject({
      authorization_endpoint: 'http://127.0.0.1:4001/oauth/authorize',
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: [
        'authorization_code',
        'urn:ietf:params:oauth:grant-type:device_code',
        'refresh_token',
      ],
    });
  });
});
