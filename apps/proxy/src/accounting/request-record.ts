import type { UsageSummary } from '@gatehouse/anthropic';
import type { UpstreamProvider } from '@gatehouse/contracts';
import type { CallerPrincipal } from '../auth/caller-authenticator';

/** Everything the proxy learned about one request, gathered while it was served. */
export interface RequestRecord {
  readonly requestId: string;
  /** Wall-clock epoch milliseconds when the request arrived. */
  readonly startedAtEpochMs: number;
  /** Milliseconds from arrival to the last byte sent (or giving up), monotonic clock. */
  readonly latencyMs: number;
  readonly principal: CallerPrincipal;
  readonly modelRequested: string;
  /** Model id sent to the upstream that answered last. */
  readonly modelServed: string;
  readonly provider: UpstreamProvider;
  readonly upstreamId: string;
  readonly upstreamRequestId: string | null;
  readonly stream: boolean;
  /** What the usage tap saw; null when no upstream body was read. */
  readonly usage: UsageSummary | null;
  readonly httpStatus: number;
  /** Gateway or upstream error type; null on success. */
  readonly errorType: string | null;
  readonly clientAborted: boolean;
  readonly claudeCodeSessionId: string | null;
  readonly userAgent: string | null;
  readonly clientIp: string;
}
