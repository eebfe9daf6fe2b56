/**
 * Failures of the usage-event disk journal. Most disk problems are not thrown at all (the
 * journal keeps events in memory and raises an alarm instead, so a request never fails); these
 * codes cover what a caller has to act on.
 */
export enum JournalErrorCode {
  /** The journal directory could not be created, listed or read at startup. */
  OPEN_FAILED = 'JOURNAL_OPEN_FAILED',
  /** Another live process holds the journal directory; two writers would interleave segments. */
  LOCKED = 'JOURNAL_LOCKED',
}

export class JournalError extends Error {
  override readonly name = 'JournalError';

  constructor(
    readonly code: JournalErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
