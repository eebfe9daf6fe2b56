/** Why running the real Claude Code CLI failed before it could produce a result. */
export enum ClaudeCodeErrorCode {
  /** The npm package is missing or its postinstall did not put the native binary in place. */
  BinaryMissing = 'CLAUDE_CODE_BINARY_MISSING',
  /** The process could not be started (e.g. the binary is not executable). */
  SpawnFailed = 'CLAUDE_CODE_SPAWN_FAILED',
  /** The run took longer than `timeoutMs`; the process group was killed. */
  Timeout = 'CLAUDE_CODE_TIMEOUT',
}

export class ClaudeCodeError extends Error {
  constructor(
    readonly code: ClaudeCodeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'ClaudeCodeError';
  }
}
