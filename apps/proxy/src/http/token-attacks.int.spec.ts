import { TestTokenSigner } from '@gatehouse/access-token';
import { kafkaBrokersForTests, uniqueTopicSuffix } from '@gatehouse/testing';
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { startProxyHarness, type ProxyHarness } from '../testing/proxy-int-harness';

/**
 * The token attacks the Auth issue lists, each sent to the real proxy process: every one must be
 * refused with 401 `authentication_error` and `x-should-retry: false`, and never reach the
 * upstream. A valid token is sent first so a refusal cannot come from a broken setup.
 */
describe('proxy refuses forged and misused access tokens', () => {
  let harness: ProxyHarness;
  let valid: string;

  beforeAll(async () => {
    harness = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-${uniqueTopicSuffix()}`,
    });
    valid = await harness.signer.sign({ sub: 'usr_int_mallory', org: 'org_int' });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const [headerOf, payloadOf] = [
    (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<
        string,
        unknown
      >,
    (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<
        string,
        unknown
      >,
  ];

  async function send(token: string) {
    const response = await fetch(`${harness.proxyUrl}/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    const body = (await response.json()) as { error?: { type: string } };
    return {
      status: response.status,
      retry: response.headers.get('x-should-retry'),
      type: body.error?.type,
    };
  }

  const refused = { status: 401, retry: 'false', type: 'authentication_error' };

  it('accepts the untampered token (control)', async () => {
    expect((await send(valid)).status).toBe(200);
  });

  const attacks: [string, () => Promise<string>][] = [
    [
      'alg: none',
      async () =>
        `${base64url({ alg: 'none', typ: 'JWT', kid: headerOf(valid).kid })}.${valid.split('.')[1]}.`,
    ],
    [
      'HS256 signed with the public key (key confusion)',
      async () => {
        const jwk = harness.signer.jwks().keys[0] as unknown as JsonWebKey;
        const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({
          type: 'spki',
          format: 'pem',
        });
        return new SignJWT(payloadOf(valid))
          .setProtectedHeader({ alg: 'HS256', kid: String(headerOf(valid).kid) })
          .sign(Buffer.from(pem));
      },
    ],
    [
      'wrong audience',
      () => harness.signer.sign({ sub: 'usr_int_mallory', org: 'org_int', aud: 'someone-else' }),
    ],
    [
      'wrong issuer',
      () =>
        harness.signer.sign({
          sub: 'usr_int_mallory',
          org: 'org_int',
          iss: 'https://evil.example.com',
        }),
    ],
    [
      'expired',
      () =>
        harness.signer.sign(
          { sub: 'usr_int_mallory', org: 'org_int', iat: Math.floor(Date.now() / 1000) - 3_600 },
          { expiresInSec: 600 },
        ),
    ],
    [
      'unknown kid (a key the gateway never published)',
      async () =>
        (await TestTokenSigner.generate()).sign({ sub: 'usr_int_mallory', org: 'org_int' }),
    ],
    [
      'tampered payload (roles escalated, signature kept)',
      async () => {
        const [header, , signature] = valid.split('.');
        return `${header}.${base64url({ ...payloadOf(valid), roles: ['gatehouse-admin'] })}.${signature}`;
      },
    ],
    ['garbage', async () => 'not-a-token'],
  ];

  it.each(attacks)('refuses %s with 401 and x-should-retry: false', async (_name, forge) => {
    expect(await send(await forge())).toEqual(refused);
  });
});
