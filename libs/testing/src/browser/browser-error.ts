/** Why driving the headless browser failed. */
export enum BrowserErrorCode {
  /** Debian's Chromium is not at the expected path: run tools/dev/install-browser.sh. */
  ChromiumMissing = 'BROWSER_CHROMIUM_MISSING',
  /** A page of the device approval did not show what the next step needs, or showed an error. */
  ApprovalFailed = 'BROWSER_APPROVAL_FAILED',
}

export class BrowserError extends Error {
  constructor(
    readonly code: BrowserErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'BrowserError';
  }
}
