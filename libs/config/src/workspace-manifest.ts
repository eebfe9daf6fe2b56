import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface WorkspaceManifest {
  readonly root: string;
  readonly version: string;
}

let cached: WorkspaceManifest | null | undefined;

/**
 * The Gatehouse release, read once from the repository's root `package.json` (the services and
 * the CLI are versioned together). `0.0.0` when no such file is found, e.g. in a bundle without it.
 */
export function releaseVersion(): string {
  return workspaceManifest()?.version ?? '0.0.0';
}

/**
 * The repository root: the nearest directory above this file whose `package.json` is Gatehouse's.
 * Found by walking up, so it is the same whether this code runs from the TypeScript sources or
 * compiled under `dist/` (ADR 0020). Undefined when there is none, e.g. in a bundle.
 */
export function workspaceRoot(): string | undefined {
  return workspaceManifest()?.root;
}

function workspaceManifest(): WorkspaceManifest | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const version = versionAt(join(dir, 'package.json'));
    if (version !== undefined) {
      cached = { root: dir, version };
      break;
    }
    if (dirname(dir) === dir) break;
  }
  return cached ?? undefined;
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
