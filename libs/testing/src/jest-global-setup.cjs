// Jest global setup for the int and e2e tiers (wired in jest.preset.cjs). It compiles the services
// to dist/ (the spawned service processes run that) and makes sure the real
// local stack (Kafka, PostgreSQL, ClickHouse) answers before any test runs, starting it with
// tools/stack/stack.sh when .gatehouse/stack.env is missing or an endpoint does not answer,
// then loads stack.env into process.env. Variables that are already set win, so a CI job or a
// developer can point tests at other servers.
//
// GATEHOUSE_STACK_AUTOSTART=0 skips the start (for hosts that run the stack some other way,
// e.g. docker-compose.yml); the file is still loaded when it exists.
//
// CommonJS on purpose: jest loads it before any transform of the project's TypeScript.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const repo = path.resolve(__dirname, '..', '..', '..');
// GATEHOUSE_STACK_DIR moves the whole stack (data, logs, stack.env), as in tools/stack.
const stackEnvFile = path.join(
  process.env.GATEHOUSE_STACK_DIR || path.join(repo, '.gatehouse'),
  'stack.env',
);
const PROBE_TIMEOUT_MS = 1500;

// Same format as stack-env.ts parseStackEnvText: KEY=VALUE, # comments, optional '…' quoting.
function readStackEnv() {
  if (!existsSync(stackEnvFile)) return undefined;
  const values = {};
  for (const raw of readFileSync(stackEnvFile, 'utf8').split('\n')) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (line === '' || line.startsWith('#') || eq <= 0) continue;
    let value = line.slice(eq + 1);
    if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.slice(1, -1).replaceAll("'\\''", "'");
    }
    values[line.slice(0, eq)] = value;
  }
  return values;
}

function tcpReachable(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function clickhouseAnswers(url) {
  try {
    const response = await fetch(new URL('/ping', url), {
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.ok && (await response.text()).trim() === 'Ok.';
  } catch {
    return false;
  }
}

// Cheap reachability only (the stack tool's own start does the thorough health checks).
async function unreachableComponents(env) {
  const checks = {
    kafka: async () => {
      const brokers = (env.KAFKA_BROKERS || '').split(',').filter(Boolean);
      if (brokers.length === 0) return false;
      const results = await Promise.all(
        brokers.map((broker) => {
          const at = broker.lastIndexOf(':');
          return tcpReachable(broker.slice(0, at), broker.slice(at + 1));
        }),
      );
      return results.every(Boolean);
    },
    postgres: async () => {
      if (!env.DATABASE_URL) return false;
      const url = new URL(env.DATABASE_URL);
      return tcpReachable(url.hostname, url.port || '5432');
    },
    clickhouse: async () => Boolean(env.CLICKHOUSE_URL) && clickhouseAnswers(env.CLICKHOUSE_URL),
  };
  const down = [];
  for (const [name, check] of Object.entries(checks)) {
    if (!(await check())) down.push(name);
  }
  return down;
}

function startStack(reason) {
  process.stdout.write(`\n[jest-global-setup] ${reason}: running tools/stack/stack.sh start\n`);
  const result = spawnSync('bash', [path.join(repo, 'tools', 'stack', 'stack.sh'), 'start'], {
    cwd: repo,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(
      `tools/stack/stack.sh start failed (exit ${result.status ?? result.signal}); ` +
        'see its output above and `bash tools/stack/stack.sh status`',
    );
  }
}

// Int and e2e tests run the services the way `npm start` does: compiled to dist/ (ADR 0020).
// Incremental, so this costs about a second when nothing changed.
function buildServices() {
  const result = spawnSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(repo, 'tools', 'build', 'main.ts')],
    { cwd: repo, stdio: 'inherit', env: { ...process.env, SWC_NODE_PROJECT: path.join(repo, 'tsconfig.base.json') } },
  );
  if (result.status !== 0) {
    throw new Error(`tools/build failed (exit ${result.status ?? result.signal}); see its output above`);
  }
}

module.exports = async function globalSetup() {
  buildServices();
  const autostart = process.env.GATEHOUSE_STACK_AUTOSTART !== '0';
  let env = readStackEnv();
  if (autostart) {
    if (env === undefined) {
      startStack(`no ${stackEnvFile} yet`);
    } else {
      const down = await unreachableComponents(env);
      if (down.length > 0) startStack(`${down.join(', ')} not reachable`);
    }
    env = readStackEnv();
    if (env === undefined) throw new Error(`stack start did not write ${stackEnvFile}`);
  }
  for (const [key, value] of Object.entries(env ?? {})) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
};
