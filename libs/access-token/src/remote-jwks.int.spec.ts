import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessTokenVerifier } from './access-token-verifier';
import { TestTokenSigner } from './dev/test-token-signer';
import { remoteJwks } from './remote-jwks';
import { TokenRejection } from './token-rejection';

/** A JWKS endpoint on loopback whose answer the test changes to simulate rotations and outages. */
interface JwksServer {
  url: string;
  body: unknown;
  status: number;
  requests: number;
  close(): Promise<void>;
}

async function startJwksServer(): Promise<JwksServer> {
  const state = { body: { keys: [] } as unknown, status: 200, requests: 0 };
  const server: Server = createServer((_request, response) => {
    state.requests += 1;
    response.writeHead(state.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(state.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

describe('remoteJwks against a loopback JWKS endpoint', () => {
  const ISSUER = 'http://127.0.0.1:4001';
  let server: JwksServer;
  let clock: number;
  let oldKey: TestTokenSigner;
  let newKey: TestTokenSigner;

  beforeAll(async () => {
    oldKey = await TestTokenSigner.generate();
    newKey = await TestTokenSigner.generate();
  });

  beforeEach(async () => {
    clock = Date.now();
    server = await startJwksServer();
    server.body = oldKey.jwks();
  });

  afterEach(() => server.close());

  function build(options: { cooldownMs: number; cacheMaxAgeMs: number }) {
    const keys = remoteJwks(server.url, { ...options, now: () => clock });
    const verifier = new AccessTokenVerifier({
      issuer: ISSUER,
      keys,
      clockToleranceSec: 30,
      now: () => clock,
    });
    return { keys, verifier };
  }

  it('learns a rotated-in key on its first unknown kid, then honours the cooldown', async () => {
    const { keys, verifier } = build({ cooldownMs: 10_000, cacheMaxAgeMs: 600_000 });
    await keys.refresh();
    expect(await verifier.verify(await oldKey.sign())).toMatchObject({ ok: true });
    expect(server.requests).toBe(1);

    server.body = { keys: [...oldKey.jwks().keys, ...newKey.jwks().keys] };
    clock += 10_000;
    expect(await verifier.verify(await newKey.sign())).toMatchObject({ ok: true });
    expect(server.requests).toBe(2);

    const rogue = await TestTokenSigner.generate();
    for (let i = 0; i < 5; i += 1) {
      expect(await verifier.verify(await rogue.sign())).toMatchObject({
        ok: false,
        reason: TokenRejection.UNKNOWN_KID,
      });
    }
    expect(server.requests).toBe(2);
  });

  it('stops verifying a removed key once the set is refreshed, even for a cached token', async () => {
    const { keys, verifier } = build({ cooldownMs: 1_000, cacheMaxAgeMs: 5_000 });
    const token = await oldKey.sign();
    expect(await verifier.verify(token)).toMatchObject({ ok: true });

    server.body = newKey.jwks();
    clock += 5_000;
    // The stale set still answers this request while a background refresh fetches the new one.
    expect(await verifier.verify(token)).toMatchObject({ ok: true });
    await keys.refresh();
    expect(keys.kids()).toEqual([newKey.kid]);
    expect(await verifier.verify(token)).toMatchObject({
      ok: false,
      reason: TokenRejection.UNKNOWN_KID,
    });
    expect(await verifier.verify(await newKey.sign())).toMatchObject({ ok: true });
  });

  it('keeps serving the last good keys while the endpoint fails', async () => {
    const { keys, verifier } = build({ cooldownMs: 1_000, cacheMaxAgeMs: 5_000 });
    await keys.refresh();
    server.status = 503;
    clock += 10_000;
    await expect(keys.refresh()).rejects.toThrow(/HTTP 503/);
    expect(await verifier.verify(await oldKey.sign())).toMatchObject({ ok: true });
  });

  it('answers KEYS_UNAVAILABLE when no key set was ever loaded', async () => {
    server.status = 500;
    const { verifier } = build({ cooldownMs: 1_000, cacheMaxAgeMs: 5_000 });
    expect(await verifier.verify(await oldKey.sign())).toMatchObject({
      ok: false,
      reason: TokenRejection.KEYS_UNAVAILABLE,
    });
    server.status = 200;
    clock += 1_000;
    expect(await verifier.verify(await oldKey.sign())).toMatchObject({ ok: true });
  });
});
