import { defaultDevSignerDir, TestTokenSigner } from '@gatehouse/access-token';
import { createClickHouseClient, sql } from '@gatehouse/clickhouse';
import { freePort } from '@gatehouse/service-kit';
import { stackEnv, uniqueTopicSuffix, waitFor } from '@gatehouse/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEV_IDP, LOCAL_SERVICES, UPSTREAM_SIMULATOR } from './services';

/**
 * README command 1 end to end: `npm start`'s script brings up every service (and the upstream
 * simulator, since nothing else is configured) against the real stack, each readiness URL goes
 * green, and a Messages API request through the proxy is accounted: its usage event travels
 * proxy → Kafka → audit service → ClickHouse.
 */
describe('npm start (tools/start.sh)', () => {
  const repo = join(__dirname, '..', '..');
  const suffix = uniqueTopicSuffix().replace(/[^a-z0-9]/gi, '_');
  const clickhouseDatabase = `gatehouse_e2e_${suffix}`;
  const processes = [UPSTREAM_SIMULATOR, DEV_IDP, ...LOCAL_SERVICES];
  const ports: Record<string, number> = {};
  const portVariable = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_PORT`;
  let child: ChildProcess;
  let output = '';
  // Ctrl-C in a terminal signals the whole foreground process group.
  const interrupt = () => process.kill(-(child.pid as number), 'SIGINT');

  beforeAll(async () => {
    for (const p of processes) ports[p.name] = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(processes.map((p) => [portVariable(p.name), String(ports[p.name])])),
      CLICKHOUSE_DATABASE: clickhouseDatabase,
      LOG_LEVEL: 'warn',
    };
    // Nothing configured: npm start must fall back to the simulator and the dev signer.
    for (const name of [
      'UPSTREAM_ANTHROPIC_API_KEY',
      'GATEHOUSE_ROUTES_FILE',
      'GATEHOUSE_JWKS_URL',
      'GATEHOUSE_JWKS_FILE',
    ]) {
      delete env[name];
    }
    child = spawn('bash', ['tools/start.sh'], {
      cwd: repo,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Gatehouse is up'), 150_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- output ---\n${output}`);
    });
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      interrupt();
      await new Promise((resolve) => child.once('exit', resolve));
    }
    const admin = createClickHouseClient({ ...stackEnv().clickhouse, database: 'default' });
    await admin.command({ query: `DROP DATABASE IF EXISTS ${clickhouseDatabase}` });
    await admin.close();
  });

  it('prints every URL and each readiness URL answers 200', async () => {
    for (const p of processes) {
      expect(output).toContain(`http://127.0.0.1:${ports[p.name]}`);
      const response = await fetch(`http://127.0.0.1:${ports[p.name]}${p.readyPath}`);
      expect({ process: p.name, status: response.status }).toEqual({
        process: p.name,
        status: 200,
      });
    }
  });

  it('offers the device sign-in against the development IdP', async () => {
    const response = await fetch(
      `http://127.0.0.1:${ports.auth}/.well-known/oauth-authorization-server`,
    );
    const metadata = (await response.json()) as {
      grant_types_supported: string[];
      device_authorization_endpoint: string;
    };
    expect(metadata.grant_types_supported).toContain(
      'urn:ietf:params:oauth:grant-type:device_code',
    );
    const device = await fetch(metadata.device_authorization_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'surface=claude_code',
    });
    expect(device.status).toBe(200);
    expect(await device.json()).toMatchObject({
      user_code: expect.stringMatching(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/),
    });
  });

  it('serves a Messages API request and carries its usage event into ClickHouse through the audit service', async () => {
    // The dev signer must name the issuer the proxy expects: the auth service's URL.
    const signer = await TestTokenSigner.loadOrCreate(defaultDevSignerDir(), {
      issuer: `http://127.0.0.1:${ports.auth}`,
    });
    const userId = `usr_e2e_${suffix}`;
    const token = await signer.sign({
      sub: userId,
      email: 'e2e@example.com',
      org: 'org_e2e',
      team: 'team_e2e',
      roles: ['developer'],
    });
    const response = await fetch(`http://127.0.0.1:${ports.proxy}/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hello gateway' }],
      }),
    });
    expect(response.status).toBe(200);
    const message = (await response.json()) as {
      usage: { input_tokens: number; output_tokens: number };
    };

    const clickhouse = createClickHouseClient({
      ...stackEnv().clickhouse,
      database: clickhouseDatabase,
    });
    try {
      const rows = await waitFor(async () => {
        const result = await clickhouse.query({
          query: sql`SELECT user_id, org_id, provider, input_tokens, output_tokens, http_status FROM requests WHERE user_id = ${userId}`,
          format: 'JSONEachRow',
        });
        const found = await result.json<Record<string, string | number>>();
        return found.length > 0 ? found : undefined;
      }, 60_000);
      expect(rows).toEqual([
        {
          user_id: userId,
          org_id: 'org_e2e',
          provider: 'anthropic',
          input_tokens: String(message.usage.input_tokens),
          output_tokens: String(message.usage.output_tokens),
          http_status: 200,
        },
      ]);
    } finally {
      await clickhouse.close();
    }
  });

  it('stops every process cleanly on Ctrl-C', async () => {
    interrupt();
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    for (const p of processes) {
      await expect(fetch(`http://127.0.0.1:${ports[p.name]}/healthz`)).rejects.toThrow();
    }
  });
});
