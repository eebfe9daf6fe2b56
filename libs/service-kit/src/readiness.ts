/** One dependency a service needs before it can take traffic. */
export interface ReadinessCheck {
  readonly name: string;
  /** Resolves with the state of the dependency; a rejection counts as not ok. */
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/** A readiness check that owns a connection and must be closed at shutdown. */
export interface ClosableReadinessCheck extends ReadinessCheck {
  close(): Promise<void>;
}

export interface CheckOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
  readonly durationMs: number;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not_ready';
  readonly checks: readonly CheckOutcome[];
}

/**
 * Runs all checks in parallel, each bounded by `timeoutMs`, so one hanging dependency cannot
 * make `/readyz` itself hang past the orchestrator's probe timeout.
 */
export async function runReadinessChecks(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const outcomes = await Promise.all(checks.map((check) => runOne(check, timeoutMs)));
  return {
    status: outcomes.every((outcome) => outcome.ok) ? 'ready' : 'not_ready',
    checks: outcomes,
  };
}

async function runOne(check: ReadinessCheck, timeoutMs: number): Promise<CheckOutcome> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; detail?: string }>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    const result = await Promise.race([check.check(), timeout]);
    return { name: check.name, ok: result.ok, detail: result.detail, durationMs: elapsed(started) };
  } catch (error) {
    return {
      name: check.name,
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
      durationMs: elapsed(started),
    };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
