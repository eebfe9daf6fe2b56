import { checkTargets, type TargetCheck, type Verdict } from './acceptance-targets';
import {
  TARGET_NAMES,
  type BenchReport,
  type ConcurrencyResult,
  type HttpMeasurement,
  type ScenarioId,
  type ScenarioResult,
} from './results';
import { addedLatency } from './stats';

const SCENARIO_TITLES: Record<ScenarioId, string> = {
  'small-max-throughput': 'Small non-streaming bodies, maximum throughput',
  'small-fixed-rate': 'Small non-streaming bodies, fixed rate',
  'stream-50kb': 'Claude-Code-sized streaming requests (~50 KB body, SSE)',
};

const VERDICT_LABEL: Record<Verdict, string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  inconclusive: '❔ inconclusive',
  'not-run': '⚠️ not run',
};

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(2) : '–');
const signedMs = (value: number): string =>
  Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(2)}` : '–';
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const loads = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(' / ');

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function direct(report: BenchReport, scenario: ScenarioId): HttpMeasurement | undefined {
  const found = report.scenarios.find((r) => r.scenario === scenario && r.target === 'direct');
  return found?.outcome.status === 'ok' ? found.outcome : undefined;
}

function scenarioRow(report: BenchReport, result: ScenarioResult): string[] {
  const { outcome } = result;
  if (outcome.status === 'not-run')
    return [result.target, `not run: ${outcome.reason}`, '', '', '', '', '', '', ''];
  const added =
    result.target === 'direct'
      ? undefined
      : addedLatency(outcome.latency, direct(report, result.scenario)?.latency);
  return [
    result.target,
    Math.round(outcome.throughputRps).toString(),
    ms(outcome.latency.p50),
    ms(outcome.latency.p99),
    added === undefined ? '–' : signedMs(added.p50),
    added === undefined ? '–' : signedMs(added.p99),
    `${outcome.errors} / ${outcome.requests + outcome.errors}`,
    outcome.proxy === undefined ? '–' : mib(outcome.proxy.peakRssBytes),
    outcome.proxy === undefined ? '–' : `${Math.round(outcome.proxy.cpuCores * 100)} %`,
  ];
}

function concurrencyRow(result: ConcurrencyResult): string[] {
  const { outcome } = result;
  if (outcome.status === 'not-run')
    return [result.target, `not run: ${outcome.reason}`, '', '', '', '', '', ''];
  return [
    result.target,
    String(outcome.requestedStreams),
    String(outcome.peakConcurrent),
    String(outcome.upstreamPeakActive),
    `${outcome.completed}`,
    String(outcome.errors),
    mib(outcome.startRssBytes),
    mib(outcome.peakRssBytes),
  ];
}

function targetRows(checks: readonly TargetCheck[]): string[][] {
  return checks.map((c) => [c.name, c.required, c.measured, VERDICT_LABEL[c.verdict]]);
}

function scenarioSections(report: BenchReport): string[] {
  const lines: string[] = [];
  for (const scenario of Object.keys(SCENARIO_TITLES) as ScenarioId[]) {
    const results = TARGET_NAMES.map((target) =>
      report.scenarios.find((r) => r.scenario === scenario && r.target === target),
    ).filter((r): r is ScenarioResult => r !== undefined);
    if (results.length === 0) continue;
    const settings = report.settings.find((s) => s.scenario === scenario);
    lines.push('', `### ${SCENARIO_TITLES[scenario]}`, '');
    if (settings !== undefined) lines.push(settings.description, '');
    lines.push(
      ...table(
        [
          'target',
          'req/s',
          'p50 ms',
          'p99 ms',
          'added p50 ms',
          'added p99 ms',
          'errors / total',
          'proxy peak RSS MB',
          'proxy CPU',
        ],
        results.map((r) => scenarioRow(report, r)),
      ),
    );
    const lags = results.flatMap((r) =>
      r.outcome.status === 'ok' && r.outcome.scheduleLag !== undefined
        ? [
            `${r.target} ${r.outcome.scheduleLag.p99Ms.toFixed(2)} ms (max ${r.outcome.scheduleLag.maxMs.toFixed(2)})`,
          ]
        : [],
    );
    if (lags.length > 0)
      lines.push('', `Generator lag behind its schedule, p99: ${lags.join(', ')}.`);
  }
  return lines;
}

/** The results as Markdown: the same text goes to stdout and to docs/benchmarks.md. */
export function renderResults(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Run ${report.startedAt} (${Math.round(report.wallClockSec)} s) on commit \`${machine.commit}\`.`,
    '',
    ...table(
      ['machine', ''],
      [
        ['nproc', String(machine.nproc)],
        ['CPU', machine.cpuModel],
        ['Node', machine.nodeVersion],
        ['OS', machine.os],
        ['pinning', report.pinning],
        [
          'load average (1/5/15 min)',
          `${loads(report.loadAverage.atStart)} at start, ${loads(report.loadAverage.atEnd)} at end`,
        ],
      ],
    ),
    '',
    '### Targets (issue 3)',
    '',
    ...table(['target', 'required', 'measured', 'verdict'], targetRows(checkTargets(report))),
    ...scenarioSections(report),
  ];
  if (report.concurrency.length > 0) {
    lines.push('', '### Concurrent SSE streams held open', '', concurrencyDescription(report), '');
    lines.push(
      ...table(
        [
          'target',
          'streams opened',
          'peak open (client)',
          'peak open (simulator)',
          'completed',
          'errors',
          'proxy RSS at start MB',
          'proxy peak RSS MB',
        ],
        report.concurrency.map(concurrencyRow),
      ),
    );
  }
  if (report.notes.length > 0)
    lines.push('', '### Notes', '', ...report.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

function concurrencyDescription(report: BenchReport): string {
  const first = report.concurrency.find((r) => r.outcome.status === 'ok');
  return first?.outcome.status === 'ok'
    ? `${first.outcome.requestedStreams} streams opened together against freshly started proxies, each paced slowly by the simulator so they all overlap.`
    : 'Streams opened together against freshly started proxies, each paced slowly by the simulator so they all overlap.';
}

/** docs/benchmarks.md: how the benchmark works, then the latest results. */
export function renderPage(report: BenchReport, method: string): string {
  return [
    '# Proxy benchmarks',
    '',
    '<!-- Generated by `npm run bench` (tools/bench); edit tools/bench/src/method.ts, not this file. -->',
    '',
    method.trim(),
    '',
    '## Latest results',
    '',
    renderResults(report),
  ].join('\n');
}
