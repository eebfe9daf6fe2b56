import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatePacedLoad, type PacedLoad } from './paced-load';

describe('generatePacedLoad', () => {
  let server: Server;
  let url: string;
  const arrivals: { at: number; path: string }[] = [];
  let inFlightMax = 0;
  let inFlight = 0;

  beforeAll(async () => {
    // Answers after 30 ms: an open loop keeps sending meanwhile, a closed loop would not.
    server = createServer((req, res) => {
      arrivals.push({ at: performance.now(), path: req.url ?? '' });
      inFlight += 1;
      inFlightMax = Math.max(inFlightMax, inFlight);
      req.resume();
      setTimeout(() => {
        inFlight -= 1;
        res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }, 30);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const load = (paths: string[], overrides: Partial<PacedLoad>): PacedLoad => ({
    targets: paths.map((path) => ({
      url: `${url}${path}`,
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })),
    rps: 200,
    roundSec: 1,
    rounds: 1,
    warmupSec: 0,
    connections: 16,
    timeoutSec: 5,
    ...overrides,
  });

  it('sends evenly spaced requests without waiting for answers and times each one', async () => {
    arrivals.length = 0;
    const [result] = await generatePacedLoad(load(['/ok'], {}));
    expect(result.requests).toBe(200);
    expect(result.errors).toBe(0);
    // 30 ms answers at 5 ms spacing: about six requests were open at once.
    expect(inFlightMax).toBeGreaterThanOrEqual(4);
    expect(result.latency.p50).toBeGreaterThanOrEqual(30);
    const span = arrivals[arrivals.length - 1].at - arrivals[0].at;
    expect(span).toBeGreaterThan(900);
    expect(span).toBeLessThan(1_300);
    expect(result.scheduleLag.p99Ms).toBeGreaterThanOrEqual(0);
  });

  it("measures the targets in interleaved rounds and pools each one's rounds", async () => {
    arrivals.length = 0;
    const events: string[] = [];
    const results = await generatePacedLoad(
      load(['/a', '/b'], { rps: 100, roundSec: 0.2, rounds: 2 }),
      (event) => events.push(`${event.type}:${event.target}`),
    );

    expect(results.map((r) => r.requests)).toEqual([40, 40]);
    expect(events).toEqual([
      'round-start:0',
      'round-end:0',
      'round-start:1',
      'round-end:1',
      'round-start:0',
      'round-end:0',
      'round-start:1',
      'round-end:1',
    ]);
    // A's first round, then B's, then A's second, then B's: four runs of 20 arrivals.
    const runs: string[] = [];
    let count = 0;
    for (const [index, { path }] of arrivals.entries()) {
      count += 1;
      if (arrivals[index + 1]?.path !== path) {
        runs.push(`${path}×${count}`);
        count = 0;
      }
    }
    expect(runs).toEqual(['/a×20', '/b×20', '/a×20', '/b×20']);
  });

  it('counts non-2xx answers as errors, not as latencies', async () => {
    const [result] = await generatePacedLoad(
      load(['/fail'], { rps: 50, roundSec: 0.2, connections: 4 }),
    );
    expect(result.errors).toBe(10);
    expect(result.requests).toBe(0);
    expect(result.latency.count).toBe(0);
  });
});
