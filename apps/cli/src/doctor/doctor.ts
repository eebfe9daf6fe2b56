/** What `gatehouse doctor` found out about one gateway. */
export interface DoctorReport {
  readonly baseUrl: string;
  readonly probes: readonly ProbeResult[];
  readonly ok: boolean;
}

export interface ProbeResult {
  readonly path: '/healthz' | '/readyz';
  readonly ok: boolean;
  /** HTTP status, or undefined when the gateway did not answer at all. */
  readonly status?: number;
  readonly summary: string;
  /** Per-dependency results reported by `/readyz`. */
  readonly checks: readonly { name: string; ok: boolean; detail?: string }[];
}

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal },
) => Promise<{ status: number; text(): Promise<string> }>;

export interface DoctorOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch: FetchLike;
}

/** Asks the gateway whether it is alive and whether its dependencies answer. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const probes = [
    await probe(options, baseUrl, '/healthz'),
    await probe(options, baseUrl, '/readyz'),
  ];
  return { baseUrl, probes, ok: probes.every((result) => result.ok) };
}

async function probe(
  options: DoctorOptions,
  baseUrl: string,
  path: ProbeResult['path'],
): Promise<ProbeResult> {
  let response: { status: number; text(): Promise<string> };
  try {
    response = await options.fetch(`${baseUrl}${path}`, {
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    return { path, ok: false, summary: `no answer: ${describeFetchError(error)}`, checks: [] };
  }
  const body = parseJson(await response.text());
  const checks = readChecks(body);
  const ok = response.status === 200;
  const status = typeof body?.status === 'string' ? body.status : 'unexpected body';
  return {
    path,
    ok,
    status: response.status,
    summary: `HTTP ${response.status} (${status})`,
    checks,
  };
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    return code ?? cause.message;
  }
  return error.message;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function readChecks(body: Record<string, unknown> | undefined): ProbeResult['checks'] {
  if (!Array.isArray(body?.checks)) return [];
  return body.checks.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { name, ok, detail } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || typeof ok !== 'boolean') return [];
    return [{ name, ok, ...(typeof detail === 'string' ? { detail } : {}) }];
  });
}

/** The report as lines a person reads in a terminal. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines = [`Gatehouse at ${report.baseUrl}`];
  for (const result of report.probes) {
    lines.push(`  ${mark(result.ok)} ${result.path.padEnd(8)} ${result.summary}`);
    for (const check of result.checks) {
      lines.push(`      ${mark(check.ok)} ${check.name}${check.detail ? `: ${check.detail}` : ''}`);
    }
  }
  lines.push(report.ok ? 'All good.' : hint(report));
  return lines.join('\n');
}

function mark(ok: boolean): string {
  return ok ? '✔' : '✖';
}

function hint(report: DoctorReport): string {
  const alive = report.probes.find((result) => result.path === '/healthz');
  if (alive?.status === undefined)
    return 'The gateway did not answer: is it running, and is GATEHOUSE_URL (or --url) right?';
  return 'The gateway answers but is not ready: fix the dependencies marked ✖ above.';
}
