/**
 * `npm run build`: compiles the workspace to `dist/` (see compile-workspace.ts, ADR 0020).
 * Incremental, so `npm start`, the benchmark and the int/e2e test setup run it every time.
 */
import { BUILD_DIR } from '@gatehouse/service-kit';
import { join } from 'node:path';
import { compileWorkspace } from './compile-workspace';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  const started = performance.now();
  const result = await compileWorkspace({ root, outDir: BUILD_DIR });
  const ms = Math.round(performance.now() - started);
  console.log(
    `build: ${result.compiled} compiled, ${result.copied} copied, ${result.removed} removed, ` +
      `${result.upToDate} up to date → ${BUILD_DIR}/ (${ms} ms)`,
  );
}

main().catch((error: unknown) => {
  console.error(`✖ build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
