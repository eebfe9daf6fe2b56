import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CliError, CliErrorCode } from '../cli-error';
import { isMissing } from '../credentials/file-credential-store';

export type SettingsScope = 'user' | 'project';

export interface SettingsLocation {
  homeDir: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * Claude Code's user settings live in `$CLAUDE_CONFIG_DIR` when set, else `~/.claude`; project
 * settings in `.claude/settings.json` under the working directory.
 */
export function claudeSettingsPath(scope: SettingsScope, location: SettingsLocation): string {
  if (scope === 'project') return path.join(location.cwd, '.claude', 'settings.json');
  const configDir = location.env.CLAUDE_CONFIG_DIR || path.join(location.homeDir, '.claude');
  return path.join(configDir, 'settings.json');
}

export async function readSettingsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return {};
    throw error;
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      CliErrorCode.INVALID_SETTINGS,
      `${file} is not valid JSON; fix it before running setup again.`,
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(
      CliErrorCode.INVALID_SETTINGS,
      `${file} does not hold a JSON object; fix it before running setup again.`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** Writes through a temporary file and a rename, keeping the old file's permissions. */
export async function writeSettingsFile(
  file: string,
  settings: Record<string, unknown>,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const mode = await stat(file).then(
    (info) => info.mode & 0o777,
    () => 0o644,
  );
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode });
  await rename(temp, file);
}
