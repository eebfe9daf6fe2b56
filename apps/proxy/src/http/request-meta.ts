import { randomUUID } from 'node:crypto';

/** Facts about the incoming request taken once when it arrives. */
export interface RequestMeta {
  readonly requestId: string;
  readonly startedAtEpochMs: number;
  /** `performance.now()` at arrival; every duration is measured on this monotonic clock. */
  readonly startedAtMono: number;
  readonly claudeCodeSessionId: string | null;
  readonly userAgent: string | null;
  readonly clientIp: string;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export function requestMeta(headers: Headers, clientIp: string | undefined): RequestMeta {
  return {
    requestId: randomUUID(),
    startedAtEpochMs: Date.now(),
    startedAtMono: performance.now(),
    claudeCodeSessionId: single(headers['x-claude-code-session-id']),
    userAgent: single(headers['user-agent']),
    clientIp: clientIp ?? '0.0.0.0',
  };
}

function single(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return typeof value === 'string' ? value : (value[0] ?? null);
}
