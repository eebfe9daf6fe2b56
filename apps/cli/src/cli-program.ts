import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from './cli-error';
import type { CliIo } from './cli-io';
import { runLogin } from './commands/login-command';
import { runLogout } from './commands/logout-command';
import { runPolicy } from './commands/policy-command';
import { runSetupClaude } from './commands/setup-claude-command';
import { runToken } from './commands/token-command';
import { runWhoami } from './commands/whoami-command';
import { credentialContext } from './credentials/credential-context';
import { formatDoctorReport, runDoctor } from './doctor/doctor';

export type { CliIo } from './cli-io';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000';

/** The `gatehouse` command. Built as a function so tests run it with their own I/O. */
export function createProgram(io: CliIo, version: string): Command {
  const program = new Command('gatehouse')
    .description('Gatehouse: the self-hosted gateway for Claude Code')
    .version(version, '-v, --version', 'print the Gatehouse version');
  const gatewayDefault = (): string => io.env.GATEHOUSE_URL ?? DEFAULT_GATEWAY_URL;
  // Each command reports its own failures: a CliError is one sentence for the developer.
  const guarded =
    <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await action(...args);
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        io.err(`gatehouse: ${error.message}`);
        io.setExitCode(1);
      }
    };

  program
    .command('doctor')
    .description('check that the gateway is alive and its dependencies answer (/healthz, /readyz)')
    .option(
      '--url <url>',
      'gateway base URL (default: $GATEHOUSE_URL or http://127.0.0.1:4000)',
      parseUrl,
    )
    .option('--timeout <ms>', 'how long to wait for each answer', parseTimeout, 5_000)
    .action(async (options: { url?: string; timeout: number }) => {
      const baseUrl = options.url ?? gatewayDefault();
      const report = await runDoctor({ baseUrl, timeoutMs: options.timeout, fetch: io.fetch });
      io.out(formatDoctorReport(report));
      io.setExitCode(report.ok ? 0 : 1);
    });

  program
    .command('login')
    .description('sign in through your company identity provider and store the credentials')
    .option(
      '--gateway <url>',
      'gateway base URL (default: $GATEHOUSE_URL or http://127.0.0.1:4000)',
      parseUrl,
    )
    .option(
      '--auth-url <url>',
      'authorization server base URL when it differs from the gateway (default: $GATEHOUSE_AUTH_URL)',
      parseUrl,
    )
    .option(
      '--device',
      'use the device code flow and do not open a browser (headless machines)',
      false,
    )
    .action(
      guarded(async (options: { gateway?: string; authUrl?: string; device: boolean }) => {
        const gatewayUrl = options.gateway ?? gatewayDefault();
        const authUrl = options.authUrl ?? io.env.GATEHOUSE_AUTH_URL ?? gatewayUrl;
        await runLogin(io, credentialContext(io, version), {
          gatewayUrl,
          authUrl,
          device: options.device,
        });
      }),
    );

  program
    .command('token')
    .description(
      "print a valid access token (refreshing it when needed); use it as Claude Code's apiKeyHelper",
    )
    .action(guarded(async () => runToken(io, credentialContext(io, version))));

  program
    .command('policy')
    .description(
      "print this gateway's managed Claude Code settings as JSON; use it as a policy helper",
    )
    .action(guarded(async () => runPolicy(io, credentialContext(io, version))));

  program
    .command('logout')
    .description('revoke the session on the server and delete the stored credentials')
    .action(guarded(async () => runLogout(io, credentialContext(io, version))));

  program
    .command('whoami')
    .description('show the gateway, account, roles and token expiry of the current login')
    .action(guarded(async () => runWhoami(io, credentialContext(io, version))));

  const setup = program.command('setup').description('configure tools to use this gateway');
  setup
    .command('claude')
    .description(
      'write Claude Code settings: apiKeyHelper `gatehouse token` and ANTHROPIC_BASE_URL',
    )
    .addOption(
      new Option(
        '--scope <scope>',
        'user (~/.claude/settings.json) or project (.claude/settings.json)',
      )
        .choices(['user', 'project'])
        .default('user'),
    )
    .option(
      '--gateway <url>',
      'gateway URL when not logged in (default: $GATEHOUSE_URL or http://127.0.0.1:4000)',
      parseUrl,
    )
    .action(
      guarded(async (options: { scope: 'user' | 'project'; gateway?: string }) =>
        runSetupClaude(io, credentialContext(io, version), {
          scope: options.scope,
          gatewayUrl: options.gateway ?? gatewayDefault(),
        }),
      ),
    );

  return program;
}

function parseUrl(value: string): string {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidArgumentError(
      'expected an absolute http(s) URL such as http://127.0.0.1:4000',
    );
  }
  return value;
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0)
    throw new InvalidArgumentError('expected a positive number of milliseconds');
  return ms;
}
