import { ServiceProcess } from '@gatehouse/service-kit';
import { collectMessages, kafkaBrokersForTests, uniqueTopicSuffix } from '@gatehouse/testing';
import { request } from 'node:http';
import { startProxyHarness, type ProxyHarness } from '../testing/proxy-int-harness';

const BODY = JSON.stringify({
  model: 'claude-sonnet-4-5',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'hello' }],
});

/** POSTs the body sized (the request lane takes it) or chunked (the lane declines it to Fastify). */
function post(url: string, token: string, framing: 'sized' | 'chunked'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/messages`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'anthropic-version': '2023-06-01',
          'x-api-key': token,
          // What a load balancer in front of the gateway appends: the address it saw.
          'x-forwarded-for': '198.51.100.7',
          ...(framing === 'sized' ? { 'content-length': String(Buffer.byteLength(BODY)) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(String(res.headers['x-gatehouse-request-id']))
            : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

describe('client address behind a trusted proxy (TRUSTED_PROXIES, real Kafka)', () => {
  let harness: ProxyHarness;

  beforeAll(async () => {
    harness = await startProxyHarness({
      kafkaBrokers: kafkaBrokersForTests(),
      usageTopic: `gatehouse.usage.request-completed.v1.int-client-ip-${uniqueTopicSuffix()}`,
      extraEnv: { TRUSTED_PROXIES: '127.0.0.1' },
    });
  }, 90_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('records the forwarded client address on both request paths', async () => {
    const token = await harness.signer.sign({
      sub: 'usr_int_ip',
      org: 'org_int',
      team: 'team_int',
    });
    const ids = [
      await post(harness.proxyUrl, token, 'sized'),
      await post(harness.proxyUrl, token, 'chunked'),
    ];

    const messages = await collectMessages(harness.usageTopic, { count: 2, timeoutMs: 20_000 });
    const events = messages.map(
      (message) => JSON.parse(message.value ?? '{}') as { requestId: string; clientIp: string },
    );
    expect(events.map((event) => event.requestId).sort()).toEqual([...ids].sort());
    expect(events.map((event) => event.clientIp)).toEqual(['198.51.100.7', '198.51.100.7']);
  });

  it('refuses to start on a TRUSTED_PROXIES entry it cannot parse, naming the variable', async () => {
    const proxy = ServiceProcess.start({
      entry: 'apps/proxy/src/main.ts',
      env: {
        PATH: process.env.PATH,
        TRUSTED_PROXIES: 'gateway.internal',
        UPSTREAM_ANTHROPIC_API_KEY: 'k',
      },
    });
    const exit = await proxy.waitForExit(30_000);
    expect(exit.code).not.toBe(0);
    expect(proxy.stdout + proxy.stderr).toMatch(/TRUSTED_PROXIES/);
  });
});
