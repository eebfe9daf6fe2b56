import {
  decodeJwt,
  decodeProtectedHeader,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importSPKI,
  jwtVerify,
} from 'jose';
import { MockAgent } from 'undici';
import { GoogleServiceAccountTokenSource } from './google-service-account-token-source';
import { VertexAdapterErrorCode } from './vertex-adapter-error';

const TOKEN_ORIGIN = 'https://oauth2.example.test';
const TOKEN_URI = `${TOKEN_ORIGIN}/token`;

describe('GoogleServiceAccountTokenSource', () => {
  let privateKeyPem: string;
  let publicKeyPem: string;
  let agent: MockAgent;
  let nowMs: number;
  const assertions: string[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKeyPem = await exportPKCS8(pair.privateKey);
    publicKeyPem = await exportSPKI(pair.publicKey);
  });

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    nowMs = Date.UTC(2026, 10, 24, 10, 0, 0);
    assertions.length = 0;
  });
  afterEach(() => agent.close());

  function replyWithTokens(times: number, expiresIn = 3599): void {
    let issued = 0;
    agent
      .get(TOKEN_ORIGIN)
      .intercept({ path: '/token', method: 'POST' })
      .reply(200, (options) => {
        const form = new URLSearchParams(String(options.body));
        expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
        assertions.push(form.get('assertion') ?? '');
        issued += 1;
        return {
          access_token: `ya29.token-${issued}`,
          expires_in: expiresIn,
          token_type: 'Bearer',
        };
      })
      .times(times);
  }

  function source(): GoogleServiceAccountTokenSource {
    return new GoogleServiceAccountTokenSource({
      key: {
        client_email: 'gatehouse@project.iam.gserviceaccount.com',
        private_key: privateKeyPem,
        private_key_id: 'kid-1',
        token_uri: TOKEN_URI,
      },
      now: () => nowMs,
      dispatcher: agent,
    });
  }

  it('signs an RS256 assertion with the service-account claims', async () => {
    replyWithTokens(1);
    expect(await source().getAccessToken()).toBe('ya29.token-1');
    const [assertion] = assertions;
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1' });
    const iat = Math.floor(nowMs / 1000);
    expect(decodeJwt(assertion)).toEqual({
      iss: 'gatehouse@project.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: TOKEN_URI,
      iat,
      exp: iat + 3600,
    });
    await expect(
      jwtVerify(assertion, await importSPKI(publicKeyPem, 'RS256'), {
        currentDate: new Date(nowMs),
      }),
    ).resolves.toBeDefined();
  });

  it('caches the token until five minutes before expiry, then refreshes', async () => {
    replyWithTokens(2);
    const tokens = source();
    expect(await tokens.getAccessToken()).toBe('ya29.token-1');
    nowMs += (3599 - 301) * 1000;
    expect(await tokens.getAccessToken()).toBe('ya29.token-1');
    nowMs += 2000;
    expect(await tokens.getAccessToken()).toBe('ya29.token-2');
    expect(assertions).toHaveLength(2);
  });

  it('shares one exchange between concurrent callers', async () => {
    replyWithTokens(1);
    const tokens = source();
    const all = await Promise.all([
      tokens.getAccessToken(),
      tokens.getAccessToken(),
      tokens.getAccessToken(),
    ]);
    expect(all).toEqual(['ya29.token-1', 'ya29.token-1', 'ya29.token-1']);
    expect(assertions).toHaveLength(1);
  });

  it('fails with a coded error that names the reason, and tries again on the next call', async () => {
    agent
      .get(TOKEN_ORIGIN)
      .intercept({ path: '/token', method: 'POST' })
      .reply(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
    replyWithTokens(1);
    const tokens = source();
    await expect(tokens.getAccessToken()).rejects.toMatchObject({
      code: VertexAdapterErrorCode.TokenExchangeFailed,
      message: expect.stringContaining('HTTP 400 invalid_grant: Invalid JWT Signature.'),
    });
    expect(await tokens.getAccessToken()).toBe('ya29.token-1');
  });

  it('rejects a private key that is not PKCS#8 RSA', async () => {
    const tokens = new GoogleServiceAccountTokenSource({
      key: {
        client_email: 'a@b',
        private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        token_uri: TOKEN_URI,
      },
      dispatcher: agent,
    });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({
      code: VertexAdapterErrorCode.InvalidServiceAccount,
    });
  });
});
