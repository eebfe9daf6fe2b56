import { parseServiceAccountKey } from './service-account-key';
import { VertexAdapterErrorCode } from './vertex-adapter-error';

const KEY = '-----BEGIN PRIVATE KEY-----\nsecret-material\n-----END PRIVATE KEY-----\n';

describe('parseServiceAccountKey', () => {
  it('reads a key file and defaults the token URI', () => {
    const key = parseServiceAccountKey(
      JSON.stringify({
        type: 'service_account',
        project_id: 'p',
        client_email: 'a@p.iam',
        private_key: KEY,
      }),
    );
    expect(key).toEqual({
      type: 'service_account',
      client_email: 'a@p.iam',
      private_key: KEY,
      token_uri: 'https://oauth2.googleapis.com/token',
    });
  });

  it('names missing fields without echoing the key', () => {
    let caught: unknown;
    try {
      parseServiceAccountKey(JSON.stringify({ private_key: 'secret-material' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: VertexAdapterErrorCode.InvalidServiceAccount });
    expect((caught as Error).message).toContain('client_email');
    expect((caught as Error).message).toContain('private_key');
    expect((caught as Error).message).not.toContain('secret-material');
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseServiceAccountKey('{')).toThrow(/not valid JSON/);
  });
});
