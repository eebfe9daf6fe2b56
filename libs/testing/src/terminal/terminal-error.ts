/** Why driving a program in a terminal failed. */
export enum TerminalErrorCode {
  /** tmux (or unshare) is not installed: run tools/dev/install-browser.sh. */
  ToolMissing = 'TERMINAL_TOOL_MISSING',
  /** A tmux command failed (session could not start, pane gone). */
  TmuxFailed = 'TERMINAL_TMUX_FAILED',
  /** The expected text did not appear on the screen in time. */
  Timeout = 'TERMINAL_TIMEOUT',
  /** A private mount namespace could not be set up (no CAP_SYS_ADMIN, no overlayfs). */
  NamespaceUnavailable = 'TERMINAL_NAMESPACE_UNAVAILABLE',
}

export class TerminalError extends Error {
  constructor(
    readonly code: TerminalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'TerminalError';
  }
}
