import { checkTargets, median } from './acceptance-targets';
import { heldStreams, measured, report, result } from './report-fixture';

const fast = [1, 1, 1, 1, 2];
const busy = { proxy: { peakRssBytes: 1, cpuCores: 0.99 } };

describe('checkTargets', () => {
  it('passes each target when the figures meet it', () => {
    const checks = checkTargets(
      report(
        [
          result('small-max-throughput', 'baseline', measured(10_000, fast, busy)),
          result('small-max-throughput', 'gateway', measured(8_000, fast, busy)),
          result('small-fixed-rate', 'direct', measured(1_000, [0.5, 0.5, 0.6, 0.7, 1.0])),
          result('small-fixed-rate', 'gateway', measured(999, [0.7, 0.7, 0.8, 0.9, 2.0])),
        ],
        [heldStreams(5000, 511)],
      ),
    );
    expect(checks.map((c) => c.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(checks[0].measured).toBe('80.0 % (8000 vs 10000 req/s)');
    expect(checks[1].measured).toBe('1.000 ms, at 999 req/s');
  });

  it('fails each target just past its limit', () => {
    const checks = checkTargets(
      report(
        [
          result('small-max-throughput', 'baseline', measured(10_000, fast, busy)),
          result('small-max-throughput', 'gateway', measured(7_999, fast, busy)),
          result('small-fixed-rate', 'direct', measured(1_000, [1.0])),
          result('small-fixed-rate', 'gateway', measured(1_000, [2.001])),
        ],
        [heldStreams(5000, 512)],
      ),
    );
    expect(checks.map((c) => c.verdict)).toEqual(['fail', 'fail', 'fail']);
  });

  it('fails the latency target when the rate was not held or requests failed', () => {
    const lowRate = checkTargets(
      report([
        result('small-fixed-rate', 'direct', measured(1_000, [1])),
        result('small-fixed-rate', 'gateway', measured(900, [1])),
      ]),
    )[1];
    const withErrors = checkTargets(
      report([
        result('small-fixed-rate', 'direct', measured(1_000, [1])),
        result('small-fixed-rate', 'gateway', measured(1_000, [1], { errors: 3 })),
      ]),
    )[1];
    expect(lowRate.verdict).toBe('fail');
    expect(withErrors).toMatchObject({
      verdict: 'fail',
      measured: '0.000 ms, at 1000 req/s, 3 errors',
    });
  });

  it('calls a throughput comparison inconclusive when a proxy was not CPU-bound', () => {
    const starved = { proxy: { peakRssBytes: 1, cpuCores: 0.16 } };
    const check = checkTargets(
      report([
        result('small-max-throughput', 'baseline', measured(1_000, fast, starved)),
        result('small-max-throughput', 'gateway', measured(1_300, fast, busy)),
      ]),
    )[0];
    expect(check.verdict).toBe('inconclusive');
    expect(check.measured).toContain('baseline ran below 90 % of one core');
  });

  it('fails the streams target on fewer streams or any error', () => {
    expect(checkTargets(report([], [heldStreams(4999, 100)]))[2].verdict).toBe('fail');
    expect(checkTargets(report([], [heldStreams(5000, 100, 1)]))[2].verdict).toBe('fail');
  });

  it('says "not run" with the reason instead of a verdict when the gateway did not run', () => {
    const notRun = { status: 'not-run' as const, reason: 'Kafka is down' };
    const checks = checkTargets(
      report(
        [
          result('small-max-throughput', 'baseline', measured(10_000, fast)),
          result('small-max-throughput', 'gateway', notRun),
          result('small-fixed-rate', 'direct', measured(1_000, fast)),
          result('small-fixed-rate', 'gateway', notRun),
        ],
        [{ target: 'gateway', outcome: notRun }],
      ),
    );
    expect(checks.map((c) => c.verdict)).toEqual(['not-run', 'not-run', 'not-run']);
    expect(checks[0].measured).toBe('not run (gateway: Kafka is down)');
    expect(checks[2].measured).toBe('not run (Kafka is down)');
  });

  it('calls the latency target inconclusive when the paced generator fell behind its schedule', () => {
    const late = { scheduleLag: { p99Ms: 2.5, maxMs: 9 } };
    const check = checkTargets(
      report([
        result('small-fixed-rate', 'direct', measured(1_000, [0.5])),
        result('small-fixed-rate', 'gateway', measured(1_000, [0.6], late)),
      ]),
    )[1];
    expect(check.verdict).toBe('inconclusive');
    expect(check.measured).toMatch(/more than 2 ms behind its schedule at p99 \(gateway\)/);
    const onTime = checkTargets(
      report([
        result(
          'small-fixed-rate',
          'direct',
          measured(1_000, [0.5], { scheduleLag: { p99Ms: 2, maxMs: 3 } }),
        ),
        result(
          'small-fixed-rate',
          'gateway',
          measured(1_000, [0.6], { scheduleLag: { p99Ms: 1.9, maxMs: 3 } }),
        ),
      ]),
    )[1];
    expect(onTime.verdict).toBe('pass');
  });

  it('judges throughput by the median of per-round ratios when the targets ran interleaved rounds', () => {
    const rounds = (roundsRps: number[]) => ({ ...busy, roundsRps });
    const check = checkTargets(
      report([
        // One slow round for the baseline would make the pooled ratio pass; the median does not.
        result(
          'small-max-throughput',
          'baseline',
          measured(3_000, fast, rounds([4_000, 1_000, 4_000])),
        ),
        result(
          'small-max-throughput',
          'gateway',
          measured(2_800, fast, rounds([3_000, 2_400, 3_000])),
        ),
      ]),
    )[0];
    expect(check.verdict).toBe('fail');
    expect(check.measured).toBe(
      '75.0 %, median of 3 interleaved rounds (75.0 %, 240.0 %, 75.0 %; 2800 vs 3000 req/s overall)',
    );
  });

  it('takes the middle value as the median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("names what the bare baseline adds at p99 beside the gateway's figure", () => {
    const check = checkTargets(
      report([
        result('small-fixed-rate', 'direct', measured(1_000, [1.0])),
        result('small-fixed-rate', 'baseline', measured(1_000, [1.25])),
        result('small-fixed-rate', 'gateway', measured(1_000, [1.5])),
      ]),
    )[1];
    expect(check.measured).toBe('0.500 ms, at 1000 req/s, the bare baseline adds 0.250 ms');
  });

  it('judges the latency target against a byte relay when the relay alone adds more than it', () => {
    const withFloor = (relayP99: number, gatewayP99: number) =>
      checkTargets(
        report([
          result('small-fixed-rate', 'direct', measured(1_000, [1.0])),
          result('small-fixed-rate', 'relay', measured(1_000, [relayP99])),
          result('small-fixed-rate', 'gateway', measured(1_000, [gatewayP99])),
        ]),
      )[1];
    // Within the target of the relay: the machine cannot tell a pass from a fail.
    expect(withFloor(2.5, 3.0)).toEqual(
      expect.objectContaining({
        verdict: 'inconclusive',
        measured:
          '2.000 ms, at 1000 req/s, a TCP byte relay adds 1.500 ms; the byte relay alone adds more than the target, so this machine cannot show a pass',
      }),
    );
    // Further above the relay than the target allows: the gateway's own tail fails it.
    expect(withFloor(2.5, 4.0)).toEqual(
      expect.objectContaining({
        verdict: 'fail',
        measured:
          "3.000 ms, at 1000 req/s, a TCP byte relay adds 1.500 ms; the gateway's p99 is 1.500 ms above the relay's",
      }),
    );
    // A floor within the target leaves the verdict to the gateway's own figure.
    expect(withFloor(2.0, 2.5).verdict).toBe('fail');
    expect(withFloor(1.5, 1.9).verdict).toBe('pass');
  });

  it('takes no floor from a relay run that failed requests, and counts its schedule lag', () => {
    const check = checkTargets(
      report([
        result('small-fixed-rate', 'direct', measured(1_000, [1.0])),
        result(
          'small-fixed-rate',
          'relay',
          measured(1_000, [5.0], { errors: 2, scheduleLag: { p99Ms: 2.5, maxMs: 4 } }),
        ),
        result('small-fixed-rate', 'gateway', measured(1_000, [4.0])),
      ]),
    )[1];
    expect(check.verdict).toBe('inconclusive');
    expect(check.measured).toBe(
      '3.000 ms, at 1000 req/s, the TCP byte relay did not run cleanly (no floor); the load generator ran more than 2 ms behind its schedule at p99 (relay), so requests bunched up',
    );
  });
});
