/** The usage journal's state as the proxy's `/readyz` reports it in the `usage-journal` check. */
export interface JournalDetail {
  readonly mode: 'direct' | 'journal';
  readonly pendingBytes: number;
  readonly memoryRecords: number;
  readonly dropped: number;
}

interface ReadyzBody {
  readonly checks?: readonly { readonly name?: string; readonly detail?: string }[];
}

// JournalingPublisher.health(): "usage journal: mode <m>, <n> bytes pending, <n> in memory, <n> dropped".
const DETAIL = /mode (direct|journal), (\d+) bytes pending, (\d+) in memory, (\d+) dropped/;

/**
 * Reads the journal state out of a `/readyz` body. The proxy exports no journal metrics, so this
 * detail line is the outside evidence that events really went through the disk journal.
 */
export function journalDetailFromReadyz(body: unknown): JournalDetail | undefined {
  const checks = (body as ReadyzBody | null)?.checks ?? [];
  const detail = checks.find((check) => check.name === 'usage-journal')?.detail;
  const match = detail === undefined ? null : DETAIL.exec(detail);
  if (match === null) return undefined;
  return {
    mode: match[1] as JournalDetail['mode'],
    pendingBytes: Number(match[2]),
    memoryRecords: Number(match[3]),
    dropped: Number(match[4]),
  };
}

/** Fetches `/readyz` once; undefined when it did not answer or carried no journal detail. */
export async function fetchJournalDetail(proxyUrl: string): Promise<JournalDetail | undefined> {
  try {
    const response = await fetch(`${proxyUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return journalDetailFromReadyz(await response.json());
  } catch {
    return undefined;
  }
}
