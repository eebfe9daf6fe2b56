import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import type { UpstreamListener } from './listener-process';
import { startTcpRelay } from './tcp-relay';

describe('startTcpRelay', () => {
  let upstream: Server;
  let relay: UpstreamListener;
  let upstreamConnections = 0;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.setHeader('x-seen-path', req.url ?? '');
        res.end(Buffer.concat(chunks).toString('utf8').toUpperCase());
      });
    });
    upstream.on('connection', () => (upstreamConnections += 1));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    relay = await startTcpRelay(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await relay.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('carries requests and replies byte for byte over kept-alive connections', async () => {
    const before = upstreamConnections;
    const pool = new Pool(relay.url, { connections: 1 });
    try {
      for (const word of ['first', 'second']) {
        const response = await pool.request({ method: 'POST', path: `/v1/${word}`, body: word });
        expect(response.statusCode).toBe(200);
        expect(response.headers['x-seen-path']).toBe(`/v1/${word}`);
        expect(await response.body.text()).toBe(word.toUpperCase());
      }
      // One client connection, relayed over one upstream connection for both requests.
      expect(upstreamConnections - before).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('closes while a client is still connected', async () => {
    const own = await startTcpRelay(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    const pool = new Pool(own.url, { connections: 1 });
    try {
      const response = await pool.request({ method: 'POST', path: '/held', body: 'x' });
      await response.body.text();
      // The kept-alive connection is still open: close() must end it rather than wait for it.
      await own.close();
      await expect(pool.request({ method: 'POST', path: '/after', body: 'y' })).rejects.toThrow();
    } finally {
      await pool.destroy();
    }
  });

  it('closes the client connection when the upstream refuses it', async () => {
    const dead = await startTcpRelay('http://127.0.0.1:1');
    const pool = new Pool(dead.url, { connections: 1 });
    try {
      await expect(pool.request({ method: 'GET', path: '/' })).rejects.toThrow();
    } finally {
      await pool.close();
      await dead.close();
    }
  });
});
