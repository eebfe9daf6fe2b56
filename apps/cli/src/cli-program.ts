import { Command, InvalidArgumentError } from 'commander';
import { formatDoctorReport, runDoctor, type FetchLike } from './doctor/doctor';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000';

export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  fetch: FetchLike;
  out(text: string): void;
  /** Exit status of the command; the entry point passes it to the process. */
  setExitCode(code: number): void;
}

/** The `gatehouse` command. Built as a function so tests run it with their own I/O. */
export function createProgram(io: CliIo, version: string): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: the self-hosted gateway for Claude Code')
    .version(version, '-v, --version', 'print the Gatehouse version');

  program
    .command('doctor')
    .description("check that the gateway is alive and its dependencies answer (/healthz, /readyz)")
    .option('--url <url>', 'gateway base URL (default: $GATEHOUSE_URL or http://127.0.0.1:4000)', parseUrl)
    .option('--timeout <ms>', 'how long to wait for each answer', parseTimeout, 5_000)
    .action(async (options: { url?: string; timeout: number }) => {
      const baseUrl = options.url ?? io.env.GATEHOUSE_URL ?? DEFAULT_GATEWAY_URL;
      const report = await runDoctor({ baseUrl, timeoutMs: options.timeout, fetch: io.fetch });
      io.out(formatDoctorReport(report));
      io.setExitCode(report.ok ? 0 : 1);
    });

  return program;
}

function parseUrl(value: string): string {
  if (URL.parse(value) === null) throw new InvalidArgumentError('expected an absolute URL such as http://127.0.0.1:4000');
  return value;
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new InvalidArgumentError('expected a positive number of milliseconds');
  return ms;
}
