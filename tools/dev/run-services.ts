/**
 * Local supervisor for `npm start`: runs the four services (and, when nothing else is configured,
 * the upstream simulator and the dev IdP) as child processes on the pinned Node, from the
 * JavaScript tools/start.sh compiled into dist/ (ADR 0020), prefixes their log lines, waits
 * until each answers its readiness URL, prints the URLs, and on Ctrl-C / SIGTERM sends each one a
 * single SIGTERM so it drains and flushes before exiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireCompiledEntry } from '@gatehouse/service-kit';
import { devDefaults } from './dev-defaults';
import { LOCAL_SERVICES, processPort, type LocalProcess } from './services';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

interface Running {
  readonly process: LocalProcess;
  readonly port: number;
  readonly child: ChildProcess;
  exited: boolean;
  cleanExit: boolean;
}

function start(local: LocalProcess, env: NodeJS.ProcessEnv): Running {
  const port = processPort(local, env);
  const args = (local.args ?? []).map((arg) => arg.replace('{port}', String(port)));
  const entry = requireCompiledEntry(process.cwd(), local.entry);
  const child = spawn(process.execPath, [entry, ...args], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only this supervisor, which sends each
    // process exactly one SIGTERM (a second signal would make a service skip its drain).
    detached: true,
  });
  const running: Running = { process: local, port, child, exited: false, cleanExit: false };
  const prefix = `[${local.name}]`.padEnd(16);
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

function readyUrl(r: Running): string {
  return `http://127.0.0.1:${r.port}${r.process.readyPath}`;
}

async function isReady(r: Running): Promise<boolean> {
  try {
    const res = await fetch(readyUrl(r), { signal: AbortSignal.timeout(2_000) });
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
        throw new Error(`${r.process.name} exited before it was ready; see its log lines above`);
      if (await isReady(r)) pending.delete(r);
    }
    if (Date.now() > deadline) {
      const names = [...pending].map((r) => `${r.process.name} (${readyUrl(r)})`);
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

function printUrls(all: Running[], notes: readonly string[]): void {
  console.log('\nGatehouse is up:');
  for (const r of all) {
    console.log(`  ${r.process.name.padEnd(14)} http://127.0.0.1:${r.port}   ${r.process.role}`);
  }
  console.log('  every service: /healthz  /readyz  /metrics');
  for (const note of notes) console.log(`• ${note}`);
  console.log('Ctrl-C stops these processes; the stack keeps running (npm run stack -- stop).\n');
}

async function main(): Promise<void> {
  const dev = await devDefaults(process.env);
  const env = { ...process.env, ...dev.env };
  const all = [...dev.extraProcesses, ...LOCAL_SERVICES].map((local) => start(local, env));
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
  printUrls(all, dev.notes);
  for (const r of all) {
    r.child.on('exit', () => {
      if (!stopping) {
        console.error(`✖ ${r.process.name} stopped unexpectedly; stopping the others`);
        void shutdown(1);
      }
    });
  }
}

void main();
