import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The Gatehouse release, read once from the repository's root `package.json` (the services and
 * the CLI are versioned together). Walks up from this file so it works from any entry point;
 * `0.0.0` when no such file is found, e.g. in a bundle without it.
 */
export function releaseVersion(): string {
  if (cached !== undefined) return cached;
  cached = '0.0.0';
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const version = versionAt(join(dir, 'package.json'));
    if (version !== undefined) {
      cached = version;
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return cached;
}

function versionAt(file: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { name, version } = parsed as { name?: unknown; version?: unknown };
    return name === 'gatehouse' && typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
