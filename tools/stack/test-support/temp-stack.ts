import { freePort } from '@gatehouse/service-kit';
import { readStackEnvFile, stackEnvFrom, type StackEnv } from '@gatehouse/testing';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type StackCommand = 'start' | 'stop' | 'status' | 'reset';

export interface StackCommandResult {
  command: StackCommand;
  /** Exit code, or null when the command was killed (signal or timeout). */
  code: number | null;
  output: string;
}

/** Every port the temporary stack binds, plus one nobody listens on (see create()). */
export interface TempStackPorts {
  kafka: number;
  kafkaController: number;
  clickhouseHttp: number;
  clickhouseTcp: number;
  postgres: number;
  closedPostgres: number;
}

/** What `postgres/server` says: the mode and server `stack.sh reset` will act on. */
export interface PostgresServerRecord {
  mode: string;
  server: string;
}

const REPO = join(__dirname, '..', '..', '..');
const STACK_SCRIPT = join(REPO, 'tools', 'stack', 'stack.sh');
const SHARED_KAFKA_LIB = join(REPO, '.gatehouse', 'kafka', 'lib');
const COMMAND_TIMEOUT_MS: Record<StackCommand, number> = {
  start: 150_000,
  stop: 60_000,
  status: 30_000,
  reset: 60_000,
};

/**
 * A second, throwaway copy of the local stack (tools/stack/stack.sh) under a temporary
 * GATEHOUSE_STACK_DIR with free ports for every component, so a test may stop and wipe it
 * without touching the shared stack other tests use on the default ports.
 */
export class TempStack {
  private constructor(
    readonly dir: string,
    readonly ports: TempStackPorts,
  ) {}

  static async create(): Promise<TempStack> {
    const ports: TempStackPorts = {
      kafka: await freePort(),
      kafkaController: await freePort(),
      clickhouseHttp: await freePort(),
      clickhouseTcp: await freePort(),
      postgres: await freePort(),
      // GATEHOUSE_PG_URL points here: nothing answers, so the stack runs its private cluster
      // instead of adopting the machine's shared server (which reset would then drop from).
      closedPostgres: await freePort(),
    };
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-stack-e2e-'));
    // As root the private PostgreSQL cluster runs as the `postgres` OS user, which must be able
    // to walk into the directory; mkdtemp makes it 0700.
    chmodSync(dir, 0o755);
    seedKafkaJars(join(dir, 'kafka', 'lib'));
    return new TempStack(dir, ports);
  }

  /** Runs `bash tools/stack/stack.sh <command>` against this stack; never throws on exit codes. */
  run(command: StackCommand): Promise<StackCommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [STACK_SCRIPT, command], {
        cwd: REPO,
        env: this.commandEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS[command]);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ command, code, output });
      });
    });
  }

  /** Like run(), but a non-zero exit fails with the command's output. */
  async runOk(command: StackCommand): Promise<StackCommandResult> {
    const result = await this.run(command);
    if (result.code !== 0) {
      throw new Error(`stack.sh ${command} exited ${String(result.code)}:\n${result.output}`);
    }
    return result;
  }

  get stackEnvFile(): string {
    return join(this.dir, 'stack.env');
  }

  /** The raw KEY=VALUE pairs of this stack's stack.env (empty when it does not exist). */
  rawEnv(): Record<string, string> {
    return readStackEnvFile(this.stackEnvFile);
  }

  /** This stack's endpoints; throws when stack.env is missing or incomplete. */
  env(): StackEnv {
    return stackEnvFrom(this.rawEnv());
  }

  postgresServerRecord(): PostgresServerRecord | undefined {
    const file = join(this.dir, 'postgres', 'server');
    if (!existsSync(file)) return undefined;
    const [mode = '', server = ''] = readFileSync(file, 'utf8').trim().split(/\s+/);
    return { mode, server };
  }

  /** The pids this stack's pid files name that are still alive. */
  livePids(): number[] {
    const files = [
      join(this.dir, 'kafka', 'kafka.pid'),
      join(this.dir, 'clickhouse', 'clickhouse.pid'),
      join(this.dir, 'postgres', 'data', 'postmaster.pid'),
    ];
    return files.flatMap((file) => {
      if (!existsSync(file)) return [];
      const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
      return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? [pid] : [];
    });
  }

  /**
   * Stops the stack with stack.sh, kills whatever its own pid files still name (a failed stop
   * must not leave a JVM or a postmaster running), then deletes the directory.
   */
  async dispose(): Promise<StackCommandResult> {
    const stopped = await this.run('stop').catch((error: unknown): StackCommandResult => ({
      command: 'stop',
      code: null,
      output: String(error),
    }));
    for (const pid of this.livePids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Exited between the check and the signal.
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    return stopped;
  }

  private commandEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // The jest global setup loaded the shared stack's endpoints; postgres.sh falls back to
    // DATABASE_URL when GATEHOUSE_PG_URL is unset, so none of them may leak into this stack.
    for (const key of ['DATABASE_URL', 'DATABASE_TEST_URL', 'KAFKA_BROKERS', 'CLICKHOUSE_URL']) {
      delete env[key];
    }
    return {
      ...env,
      GATEHOUSE_STACK_DIR: this.dir,
      GATEHOUSE_KAFKA_PORT: String(this.ports.kafka),
      GATEHOUSE_KAFKA_CONTROLLER_PORT: String(this.ports.kafkaController),
      GATEHOUSE_CLICKHOUSE_HTTP_PORT: String(this.ports.clickhouseHttp),
      GATEHOUSE_CLICKHOUSE_TCP_PORT: String(this.ports.clickhouseTcp),
      GATEHOUSE_PG_PORT: String(this.ports.postgres),
      GATEHOUSE_PG_URL: `postgres://postgres@127.0.0.1:${this.ports.closedPostgres}`,
      GATEHOUSE_STACK_TIMEOUT: '90',
    };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * stack.sh keeps the broker jars per stack directory and would fetch them with Maven for a new
 * one; hard-linking the shared stack's cache (its `.pom.sha256` included, so stack.sh accepts
 * it) saves that. Links, not a symlink: stack.sh replaces the folder when the pom changes, and
 * that must never reach into the shared cache. Without a cache stack.sh downloads as usual.
 */
function seedKafkaJars(target: string): void {
  if (!existsSync(join(SHARED_KAFKA_LIB, '.pom.sha256'))) return;
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(SHARED_KAFKA_LIB)) {
    const from = join(SHARED_KAFKA_LIB, name);
    const to = join(target, name);
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}
