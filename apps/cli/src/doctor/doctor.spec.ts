import { formatDoctorReport, runDoctor, type FetchLike } from './doctor';

function gateway(routes: Record<string, { status: number; body: unknown }>): {
  fetch: FetchLike;
  urls: string[];
} {
  const urls: string[] = [];
  const fetch: FetchLike = async (url) => {
    urls.push(url);
    const route = routes[new URL(url).pathname];
    if (!route)
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      });
    return { status: route.status, text: async () => JSON.stringify(route.body) };
  };
  return { fetch, urls };
}

describe('runDoctor', () => {
  it('reports a healthy gateway with its dependency checks', async () => {
    const { fetch, urls } = gateway({
      '/healthz': { status: 200, body: { status: 'ok' } },
      '/readyz': {
        status: 200,
        body: { status: 'ready', checks: [{ name: 'kafka', ok: true, detail: '1 broker(s)' }] },
      },
    });
    const report = await runDoctor({ baseUrl: 'http://gw.test:4000/', timeoutMs: 100, fetch });
    expect(urls).toEqual(['http://gw.test:4000/healthz', 'http://gw.test:4000/readyz']);
    expect(report.ok).toBe(true);
    expect(formatDoctorReport(report)).toBe(
      [
        'Gatehouse at http://gw.test:4000',
        '  ✔ /healthz HTTP 200 (ok)',
        '  ✔ /readyz  HTTP 200 (ready)',
        '      ✔ kafka: 1 broker(s)',
        'All good.',
      ].join('\n'),
    );
  });

  it('names the dependency that is down', async () => {
    const { fetch } = gateway({
      '/healthz': { status: 200, body: { status: 'ok' } },
      '/readyz': {
        status: 503,
        body: {
          status: 'not_ready',
          checks: [{ name: 'postgres', ok: false, detail: 'ECONNREFUSED' }],
        },
      },
    });
    const text = formatDoctorReport(
      await runDoctor({ baseUrl: 'http://gw.test', timeoutMs: 100, fetch }),
    );
    expect(text).toContain('✖ /readyz  HTTP 503 (not_ready)');
    expect(text).toContain('✖ postgres: ECONNREFUSED');
    expect(text).toContain('not ready');
  });

  it('says when nothing answers', async () => {
    const report = await runDoctor({
      baseUrl: 'http://gw.test',
      timeoutMs: 100,
      fetch: gateway({}).fetch,
    });
    expect(report.ok).toBe(false);
    expect(formatDoctorReport(report)).toContain('✖ /healthz no answer: ECONNREFUSED');
    expect(formatDoctorReport(report)).toContain('is GATEHOUSE_URL (or --url) right?');
  });
});
