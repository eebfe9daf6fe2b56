/**
 * Local supervisor for `npm start`: runs the four services as child processes on the pinned Node,
 * prefixes their log lines, waits until every /readyz answers 200, prints the URLs, and on
 * Ctrl-C / SIGTERM forwards SIGTERM so each service drains and flushes before exiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_SERVICES, servicePort, type LocalService } from './services';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

interface Running {
  readonly service: LocalService;
  readonly port: number;
  readonly child: ChildProcess;
  exited: boolean;
  cleanExit: boolean;
}

function start(service: LocalService): Running {
  const port = servicePort(service, process.env);
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', `apps/${service.name}/src/main.ts`],
    {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal Ctrl-C reaches only this supervisor, which sends each
      // service exactly one SIGTERM (a second signal would make a service skip its drain).
      detached: true,
    },
  );
  const running: Running = { service, port, child, exited: false, cleanExit: false };
  const prefix = `[${service.name}]`.padEnd(9);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) => console.log(`${prefix}${line}`));
  }
  child.on('exit', (code, signal) => {
    running.exited = true;
    running.cleanExit = code === 0;
    console.log(`${prefix}exited (${signal ?? `code ${code}`})`);
  });
  return running;
}

async function isReady(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, {
      signal: AbortSignal.timeout(2_000),
    });
    return res.status === 200;
  } catch {
    return false;
  }
}

async function waitUntilReady(all: Running[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const pending = new Set(all);
  while (pending.size > 0) {
    for (const r of [...pending]) {
      if (r.exited)
        throw new Error(`${r.service.name} exited before it was ready; see its log lines above`);
      if (await isReady(r.port)) pending.delete(r);
    }
    if (Date.now() > deadline) {
      const names = [...pending].map(
        (r) => `${r.service.name} (http://127.0.0.1:${r.port}/readyz)`,
      );
      throw new Error(`not ready after ${READY_TIMEOUT_MS / 1000}s: ${names.join(', ')}`);
    }
    await sleep(300);
  }
}

async function stopAll(all: Running[]): Promise<void> {
  for (const r of all) if (!r.exited) r.child.kill('SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (all.some((r) => !r.exited) && Date.now() < deadline) await sleep(100);
  for (const r of all) if (!r.exited) r.child.kill('SIGKILL');
}

function printUrls(all: Running[]): void {
  console.log('\nGatehouse is up:');
  for (const r of all) {
    console.log(`  ${r.service.name.padEnd(7)} http://127.0.0.1:${r.port}   ${r.service.role}`);
  }
  console.log('  health: /healthz  readiness: /readyz  metrics: /metrics');
  console.log('Ctrl-C stops the services; the stack keeps running (npm run stack -- stop).\n');
}

async function main(): Promise<void> {
  const all = LOCAL_SERVICES.map(start);
  let stopping = false;
  const shutdown = async (exitCode: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      await stopAll(all);
    }
    process.exit(all.every((r) => r.cleanExit) ? exitCode : 1);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    await waitUntilReady(all);
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`);
    await shutdown(1);
  }
  printUrls(all);
  for (const r of all) {
    r.child.on('exit', () => {
      if (!stopping) {
        console.error(`✖ ${r.service.name} stopped unexpectedly; stopping the others`);
        void shutdown(1);
      }
    });
  }
}

void main();
