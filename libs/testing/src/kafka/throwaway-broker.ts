import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kraftClusterId } from './kraft-cluster-id';

/**
 * A private single-node KRaft broker for tests that must stop and restart Kafka (the shared
 * stack broker is used by every other test and must stay up). It runs from the jars the stack
 * tool put in .gatehouse/kafka/lib with the repository's server.properties template, on free
 * ports and a temporary data directory, so stopping it is a real broker outage.
 */
// libs/testing/src/kafka → the repository root.
const repo = resolve(__dirname, '..', '..', '..', '..');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export class ThrowawayBroker {
  private process: ChildProcess | undefined;
  private starts = 0;

  private constructor(
    readonly port: number,
    private readonly home: string,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Renders the config, formats the storage and starts the broker; resolves once it is up. */
  static async create(): Promise<ThrowawayBroker> {
    const lib = join(repo, '.gatehouse', 'kafka', 'lib');
    if (!existsSync(lib)) {
      throw new Error(
        `${lib} is missing; run \`bash tools/stack/stack.sh start\` once to fetch the broker jars`,
      );
    }
    const [port, controllerPort] = [await freePort(), await freePort()];
    const home = mkdtempSync(join(tmpdir(), 'gatehouse-broker-'));
    const broker = new ThrowawayBroker(port, home);
    try {
      const template = readFileSync(join(repo, 'infra', 'kafka', 'server.properties'), 'utf8');
      writeFileSync(
        join(home, 'server.properties'),
        template
          .replaceAll('@@BROKER_PORT@@', String(port))
          .replaceAll('@@CONTROLLER_PORT@@', String(controllerPort))
          .replaceAll('@@DATA_DIR@@', join(home, 'data')),
      );
      copyFileSync(
        join(repo, 'infra', 'kafka', 'log4j.properties'),
        join(home, 'log4j.properties'),
      );
      await broker.runToCompletion([
        'kafka.tools.StorageTool',
        'format',
        '-t',
        kraftClusterId(),
        '-c',
        join(home, 'server.properties'),
      ]);
      await broker.start();
      return broker;
    } catch (error) {
      await broker.destroy();
      throw error;
    }
  }

  async start(): Promise<void> {
    this.starts += 1;
    const child = spawn(
      'java',
      [...this.javaArgs(), 'kafka.Kafka', join(this.home, 'server.properties')],
      {
        stdio: 'ignore',
      },
    );
    this.process = child;
    // If the test process dies without afterAll, the broker must not outlive it.
    const killOnExit = (): void => void child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    const deadline = Date.now() + 20_000;
    while (this.startedCount() < this.starts) {
      if (child.exitCode !== null)
        throw new Error(`test broker exited with ${child.exitCode}; see ${this.home}/logs`);
      if (Date.now() > deadline)
        throw new Error(`test broker did not start in 20 s; see ${this.home}/logs`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** A clean shutdown (SIGTERM), like an operator stopping the broker. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timeout);
  }

  /** Stops the broker and deletes its data; safe to call more than once and after a failure. */
  async destroy(): Promise<void> {
    const child = this.process;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGKILL');
      await exited;
    }
    this.process = undefined;
    rmSync(this.home, { recursive: true, force: true });
  }

  private startedCount(): number {
    const log = join(this.home, 'logs', 'server.log');
    if (!existsSync(log)) return 0;
    return readFileSync(log, 'utf8').split('Kafka Server started').length - 1;
  }

  private javaArgs(): string[] {
    return [
      '-Xms64m',
      '-Xmx256m',
      '-XX:+UseG1GC',
      // The C1 compiler alone starts the JVM about twice as fast; throughput does not matter here.
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j.configuration=file:${join(this.home, 'log4j.properties')}`,
      `-Dkafka.logs.dir=${join(this.home, 'logs')}`,
      '-cp',
      `${join(repo, '.gatehouse', 'kafka', 'lib')}/*`,
    ];
  }

  private runToCompletion(args: string[]): Promise<void> {
    return new Promise((done, fail) => {
      const child = spawn('java', [...this.javaArgs(), ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      // Kept so a failure says why (the tool prints its reason, not an exit code).
      let output = '';
      const keep = (chunk: Buffer): void => {
        output = (output + chunk.toString('utf8')).slice(-4_000);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0
          ? done()
          : fail(new Error(`java ${args[0]} exited with ${code}:\n${output.trim()}`)),
      );
    });
  }
}
