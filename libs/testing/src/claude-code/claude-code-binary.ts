import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ClaudeCodeError, ClaudeCodeErrorCode } from './claude-code-error';

/**
 * The npm package ships a ~500-byte shell stub at bin/claude.exe; its postinstall (allowed in the
 * root package.json `allowScripts`) hard-links the native binary from the platform package
 * (`@anthropic-ai/claude-code-linux-x64`, an optional dependency) over it. Anything this small
 * is still the stub.
 */
const STUB_MAX_BYTES = 64 * 1024;

/** Lets a host point tests at another build of Claude Code without touching node_modules. */
export const CLAUDE_CODE_BIN_ENV = 'GATEHOUSE_CLAUDE_CODE_BIN';

const PACKAGE_PATH = path.join('node_modules', '@anthropic-ai', 'claude-code');

/** Nearest `node_modules/@anthropic-ai/claude-code` above this file, as Node's resolution would find it. */
function findPackageDir(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, PACKAGE_PATH);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Absolute path of the Claude Code executable the e2e tests run. */
export function resolveClaudeCodeBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env[CLAUDE_CODE_BIN_ENV];
  if (override) return override;
  const packageDir = findPackageDir(__dirname);
  if (packageDir === undefined) {
    throw new ClaudeCodeError(
      ClaudeCodeErrorCode.BinaryMissing,
      '@anthropic-ai/claude-code is not installed; it is a devDependency of the repository root',
    );
  }
  const binary = path.join(packageDir, 'bin', 'claude.exe');
  const size = statSync(binary, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= STUB_MAX_BYTES) {
    throw new ClaudeCodeError(
      ClaudeCodeErrorCode.BinaryMissing,
      `${binary} is still the placeholder stub: the package's postinstall did not run. ` +
        'Check that package.json allowScripts has "@anthropic-ai/claude-code": true and that the ' +
        'platform package (e.g. @anthropic-ai/claude-code-linux-x64) was installed, then run ' +
        '`node node_modules/@anthropic-ai/claude-code/install.cjs`',
    );
  }
  return binary;
}
