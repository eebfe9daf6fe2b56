import { renderPage, renderResults } from './report';
import { heldStreams, measured, report, result } from './report-fixture';

describe('renderResults', () => {
  const sample = report(
    [
      result('small-max-throughput', 'direct', measured(20_000, [1, 1, 2])),
      result(
        'small-max-throughput',
        'baseline',
        measured(10_000, [1.5, 1.5, 3], {
          proxy: { peakRssBytes: 200 * 1024 * 1024, cpuCores: 0.97 },
        }),
      ),
      result('small-max-throughput', 'gateway', { status: 'not-run', reason: 'Kafka is down' }),
    ],
    [heldStreams(5000, 300)],
  );
  const text = renderResults(sample);

  it('states when, where and on which commit the figures were measured', () => {
    expect(text).toContain('Run 2026-01-02T03:04:05.000Z (240 s) on commit `abc123`.');
    expect(text).toContain('| nproc | 2 |');
    expect(text).toContain('| CPU | Test CPU |');
    expect(text).toContain('| Node | v24.0.0 |');
    expect(text).toContain(
      '| load average (1/5/15 min) | 0.50 / 0.40 / 0.30 at start, 1.00 / 0.90 / 0.80 at end |',
    );
  });

  it('renders a row per target with added latency against direct, RSS and CPU', () => {
    expect(text).toContain('| direct | 20000 | 1.00 | 2.00 | – | – | 0 / 200000 | – | – |');
    expect(text).toContain(
      '| baseline | 10000 | 1.50 | 3.00 | +0.50 | +1.00 | 0 / 100000 | 200.0 | 97 % |',
    );
  });

  it('shows a target that did not run with its reason, and the verdicts beside the figures', () => {
    expect(text).toContain('| gateway | not run: Kafka is down |');
    expect(text).toContain('⚠️ not run');
    expect(text).toContain('| gateway | 5000 | 5000 | 5000 | 5000 | 0 | 150.0 | 300.0 |');
    expect(text).toContain('✅ pass');
  });

  it('puts the method above the results on the docs page', () => {
    const page = renderPage(sample, 'How it is measured.');
    expect(page.startsWith('# Proxy benchmarks')).toBe(true);
    expect(page.indexOf('How it is measured.')).toBeLessThan(page.indexOf('## Latest results'));
    expect(page).toContain(text);
  });
});
