import { CliError, CliErrorCode } from '../cli-error';

/**
 * Claude Code environment variable for how long it caches the `apiKeyHelper` output (ms). Named
 * in Claude Code's settings reference ("Interval in milliseconds at which credentials should be
 * refreshed (when using apiKeyHelper)").
 */
export const HELPER_TTL_ENV = 'CLAUDE_CODE_API_KEY_HELPER_TTL_MS';

/**
 * Shorter than the CLI's 60 s refresh margin: a token Claude Code got from `gatehouse token` is
 * valid for at least 60 s, so re-asking after 50 s means it never sends an expired one. Asking
 * costs a file read; the network is only used when the token is due for refresh.
 */
export const DEFAULT_HELPER_TTL_MS = 50_000;

export interface ClaudeGatewaySettings {
  /** Shell command Claude Code runs to get the key, e.g. `/repo/apps/cli/bin/gatehouse token`. */
  apiKeyHelper: string;
  /** The gateway's proxy URL (Claude Code appends `/v1/messages`). */
  baseUrl: string;
  helperTtlMs: number;
}

export interface SettingsChange {
  key: string;
  before: unknown;
  after: unknown;
}

export interface SettingsMergeResult {
  settings: Record<string, unknown>;
  changes: SettingsChange[];
  /** Existing settings that would stop the gateway login from being used. */
  warnings: string[];
}

/** Keys that make Claude Code send something other than the helper's token. */
const COMPETING_CREDENTIALS = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

/**
 * Sets the three gateway keys in a Claude Code settings object and leaves every other key,
 * including other `env` entries, as it was.
 */
export function mergeClaudeSettings(
  existing: Record<string, unknown>,
  wanted: ClaudeGatewaySettings,
): SettingsMergeResult {
  const env = existing.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    throw new CliError(
      CliErrorCode.INVALID_SETTINGS,
      '`env` in the Claude Code settings is not an object; fix it by hand first.',
    );
  }
  const oldEnv = env as Record<string, unknown>;
  const nextEnv: Record<string, unknown> = {
    ...oldEnv,
    ANTHROPIC_BASE_URL: wanted.baseUrl,
    [HELPER_TTL_ENV]: String(wanted.helperTtlMs),
  };
  const settings: Record<string, unknown> = {
    ...existing,
    apiKeyHelper: wanted.apiKeyHelper,
    env: nextEnv,
  };
  const candidates: SettingsChange[] = [
    { key: 'apiKeyHelper', before: existing.apiKeyHelper, after: wanted.apiKeyHelper },
    {
      key: 'env.ANTHROPIC_BASE_URL',
      before: oldEnv.ANTHROPIC_BASE_URL,
      after: nextEnv.ANTHROPIC_BASE_URL,
    },
    {
      key: `env.${HELPER_TTL_ENV}`,
      before: oldEnv[HELPER_TTL_ENV],
      after: nextEnv[HELPER_TTL_ENV],
    },
  ];
  const warnings = COMPETING_CREDENTIALS.filter((name) => name in oldEnv).map(
    (name) =>
      `env.${name} is set in these settings and may be used instead of the Gatehouse token; remove it to sign in through Gatehouse.`,
  );
  return {
    settings,
    changes: candidates.filter((change) => change.before !== change.after),
    warnings,
  };
}

/** Quotes a path for `/bin/sh`, which is how Claude Code runs `apiKeyHelper`. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
