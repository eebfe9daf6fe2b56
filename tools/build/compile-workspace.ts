import { transformFile, type Options } from '@swc/core';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';

/**
 * Compiles the workspace's TypeScript to CommonJS with SWC, one output file per source file in a
 * tree that mirrors the sources (`apps/proxy/src/main.ts` → `<outDir>/apps/proxy/src/main.js`), so
 * services run on plain `node` without a TypeScript loader in every process and worker (ADR 0020).
 *
 * Same transform as the tests (`jest.preset.cjs`): legacy decorators with metadata for NestJS;
 * the `@gatehouse/*` aliases of `tsconfig.base.json` are rewritten to relative paths at compile
 * time. Other files under the source roots (SQL migrations, JSON seeds) are copied. Incremental:
 * a file is rebuilt when its source is newer than its output; outputs whose source is gone are
 * removed; a change of compiler options or aliases rebuilds everything.
 */
export interface CompileOptions {
  /** Workspace root: holds `tsconfig.base.json` and the source roots. */
  readonly root: string;
  /** Output directory, absolute or relative to `root`. */
  readonly outDir: string;
  /** Directories relative to `root` whose `src` folders are compiled (`apps`, `libs`, …). */
  readonly projectDirs?: readonly string[];
}

export interface CompileResult {
  readonly compiled: number;
  readonly copied: number;
  readonly removed: number;
  readonly upToDate: number;
}

const DEFAULT_PROJECT_DIRS = ['apps', 'libs', 'tools'];
const STAMP_FILE = '.build-stamp';
/** Compiled in parallel batches of this size (SWC transforms on its own thread pool). */
const BATCH = 64;

interface SourceFile {
  /** Path relative to the root, with forward slashes. */
  readonly path: string;
  readonly kind: 'compile' | 'copy';
}

export async function compileWorkspace(options: CompileOptions): Promise<CompileResult> {
  const root = options.root;
  const outDir = isAbsolute(options.outDir) ? options.outDir : join(root, options.outDir);
  const swcOptions = swcOptionsFor(root);
  const fingerprint = fingerprintOf(swcOptions);
  const stampPath = join(outDir, STAMP_FILE);
  if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== fingerprint) {
    rmSync(outDir, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });

  const sources = findSources(root, options.projectDirs ?? DEFAULT_PROJECT_DIRS);
  const expected = new Set(sources.map((source) => outputPath(source)));
  const stale = sources.filter((source) =>
    isStale(join(root, source.path), join(outDir, outputPath(source))),
  );
  let compiled = 0;
  let copied = 0;
  for (let i = 0; i < stale.length; i += BATCH) {
    await Promise.all(
      stale.slice(i, i + BATCH).map(async (source) => {
        const from = join(root, source.path);
        const to = join(outDir, outputPath(source));
        mkdirSync(dirname(to), { recursive: true });
        if (source.kind === 'copy') {
          copyFileSync(from, to);
          copied++;
          return;
        }
        const output = await transformFile(from, { ...swcOptions, filename: from });
        const mapName = `${to.slice(dirname(to).length + 1)}.map`;
        writeAtomically(`${to}.map`, output.map ?? '{}');
        writeAtomically(to, `${output.code}\n//# sourceMappingURL=${mapName}\n`);
        compiled++;
      }),
    );
  }
  const removed = removeOrphans(outDir, expected);
  writeFileSync(stampPath, fingerprint);
  return { compiled, copied, removed, upToDate: sources.length - stale.length };
}

function swcOptionsFor(root: string): Options {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return {
    swcrc: false,
    configFile: false,
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
    module: { type: 'commonjs' },
  };
}

/** Changes when the options, the aliases or the SWC version change. */
function fingerprintOf(swcOptions: Options): string {
  const { version } = require('@swc/core/package.json') as { version: string };
  return createHash('sha256').update(JSON.stringify({ swcOptions, version })).digest('hex');
}

function findSources(root: string, projectDirs: readonly string[]): SourceFile[] {
  const sources: SourceFile[] = [];
  for (const dir of projectDirs) {
    if (!existsSync(join(root, dir))) continue;
    for (const project of readdirSync(join(root, dir), { withFileTypes: true })) {
      const src = join(dir, project.name, 'src');
      if (project.isDirectory() && existsSync(join(root, src))) collect(root, src, sources);
    }
  }
  return sources;
}

function collect(root: string, dir: string, into: SourceFile[]): void {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      collect(root, path, into);
    } else if (entry.name.endsWith('.spec.ts') || entry.name.endsWith('.d.ts')) {
      continue;
    } else {
      into.push({ path, kind: entry.name.endsWith('.ts') ? 'compile' : 'copy' });
    }
  }
}

function outputPath(source: SourceFile): string {
  return source.kind === 'compile' ? `${source.path.slice(0, -'.ts'.length)}.js` : source.path;
}

function isStale(source: string, output: string): boolean {
  return !existsSync(output) || statSync(source).mtimeMs > statSync(output).mtimeMs;
}

/** Rename over the old file, so a service starting meanwhile never reads half a file. */
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

/** Removes outputs (and their source maps) whose source file no longer exists. */
function removeOrphans(outDir: string, expected: ReadonlySet<string>): number {
  let removed = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(outDir, path).split('\\').join('/');
      if (entry.isDirectory()) {
        walk(path);
      } else if (rel !== STAMP_FILE && !expected.has(rel.replace(/\.map$/, ''))) {
        rmSync(path, { force: true });
        if (!rel.endsWith('.map')) removed++;
      }
    }
  };
  walk(outDir);
  return removed;
}
