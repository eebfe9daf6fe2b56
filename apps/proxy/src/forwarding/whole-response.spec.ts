import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { requestWhole, type WholeRequest } from './whole-response';

describe('requestWhole', () => {
  let server: Server;
  let pool: Pool;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/slow') return; // never answers: only an abort ends it
      const status = req.url === '/error' ? 529 : 200;
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_up_1' });
      res.write('{"part":1,');
      setTimeout(() => res.end('"part2":"' + 'x'.repeat(1000) + '"}'), 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await pool.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const request = (path: string, overrides: Partial<WholeRequest> = {}): WholeRequest => ({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json' },
    body: '{}',
    signal: new AbortController().signal,
    keepBytes: () => Number.MAX_SAFE_INTEGER,
    ...overrides,
  });

  it('resolves with status, headers and the whole body across chunks', async () => {
    const response = await requestWhole(pool, request('/ok'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['request-id']).toBe('req_up_1');
    expect(JSON.parse(response.body.toString())).toEqual({ part: 1, part2: 'x'.repeat(1000) });
  });

  it('keeps only as many body bytes as the status allows', async () => {
    const response = await requestWhole(
      pool,
      request('/error', { keepBytes: (status) => (status >= 400 ? 5 : Infinity) }),
    );
    expect(response.statusCode).toBe(529);
    // Chunks are kept whole until the cap is reached: the first chunk alone.
    expect(response.body.toString()).toBe('{"part":1,');
  });

  it('rejects once the signal aborts, and at once for an aborted signal', async () => {
    const controller = new AbortController();
    const pending = requestWhole(pool, request('/slow', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow();
    await expect(
      requestWhole(pool, request('/ok', { signal: AbortSignal.abort() })),
    ).rejects.toThrow(/abort/i);
  });

  it('rejects with the connection error when nothing listens', async () => {
    const closed = new Pool('http://127.0.0.1:1');
    await expect(requestWhole(closed, request('/ok'))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    await closed.close();
  });
});
