import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where `npm run build` (tools/build) writes the services as JavaScript, mirroring the source tree:
 * `apps/proxy/src/main.ts` becomes `dist/apps/proxy/src/main.js` (ADR 0020).
 */
export const BUILD_DIR = 'dist';

/** The compiled counterpart of a TypeScript entry point, both relative to the workspace root. */
function compiledEntry(entry: string): string {
  if (!entry.endsWith('.ts')) throw new Error(`expected a TypeScript entry point, got ${entry}`);
  return join(BUILD_DIR, `${entry.slice(0, -'.ts'.length)}.js`);
}

/**
 * The compiled entry under `root`, or an error that says how to produce it: a stale or missing
 * build is the one way running compiled services can go wrong.
 */
export function requireCompiledEntry(root: string, entry: string): string {
  const file = join(root, compiledEntry(entry));
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist: run \`npm run build\` (tools/build) first`);
  }
  return file;
}
