import type { CliIo } from '../cli-io';
import {
  claudeSettingsPath,
  readSettingsFile,
  writeSettingsFile,
  type SettingsScope,
} from '../claude-settings/claude-settings-file';
import {
  DEFAULT_HELPER_TTL_MS,
  mergeClaudeSettings,
  shellQuote,
} from '../claude-settings/claude-settings-merge';
import type { CredentialContext } from '../credentials/credential-context';
import { trimBase } from '../oauth/authorization-server';

export interface SetupClaudeOptions {
  scope: SettingsScope;
  /** Used when not logged in; the logged-in gateway wins otherwise. */
  gatewayUrl: string;
}

/** `gatehouse setup claude`: points Claude Code at the gateway with `gatehouse token` as its key helper. */
export async function runSetupClaude(
  io: CliIo,
  context: CredentialContext,
  options: SetupClaudeOptions,
): Promise<void> {
  const stored = await context.store.load();
  const baseUrl = trimBase(stored?.gatewayUrl ?? options.gatewayUrl);
  // Claude Code runs the helper with /bin/sh from any directory, so an absolute launcher path
  // works without `gatehouse` on PATH.
  const apiKeyHelper = `${io.launcherPath === undefined ? 'gatehouse' : shellQuote(io.launcherPath)} token`;
  const file = claudeSettingsPath(options.scope, { homeDir: io.homeDir, cwd: io.cwd, env: io.env });
  const merged = mergeClaudeSettings(await readSettingsFile(file), {
    apiKeyHelper,
    baseUrl,
    helperTtlMs: DEFAULT_HELPER_TTL_MS,
  });
  if (merged.changes.length === 0) {
    io.out(`${file} already points Claude Code at ${baseUrl}; nothing changed.`);
  } else {
    await writeSettingsFile(file, merged.settings);
    io.out(`Updated ${file}:`);
    for (const change of merged.changes) {
      io.out(
        `  ${change.key}: ${change.before === undefined ? '(unset)' : JSON.stringify(change.before)} -> ${JSON.stringify(change.after)}`,
      );
    }
  }
  for (const warning of merged.warnings) io.err(`warning: ${warning}`);
  if (stored === undefined)
    io.err('You are not logged in yet: run `gatehouse login` before starting Claude Code.');
}
