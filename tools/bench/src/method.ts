/** The fixed part of docs/benchmarks.md: what is measured and how, above the generated results. */
export const METHOD = `
\`npm run bench\` (or \`npx nx run bench:bench\`) measures, in one run of about six minutes,
up to four ways to reach the same simulated Anthropic API (\`tools/mock-upstream\`):

- **direct** — the load generator talks to the simulator itself;
- **relay** (fixed-rate scenario only) — through \`tools/bench/src/tcp-relay.ts\`, a TCP byte
  relay pinned like the proxies: no HTTP, nothing done per request but copying bytes. What it adds
  is what one more hop through the proxy's core costs on this machine, which any proxy there pays too;
- **baseline** — through \`tools/bench/src/baseline-proxy.ts\`, the least a Node proxy can do
  (node:http in front, an undici keep-alive pool behind, bytes piped both ways, no features);
- **gateway** — through \`apps/proxy\` with every feature on: access-token verification (dev
  signer JWKS), the routing table, the SSE usage tap, pricing, usage events batched to the
  local stack's real Kafka (topic \`gatehouse.usage.request-completed.v1.bench\`), access log
  to a file.

All of them serve the same request bytes from the same simulator processes, one after another
per scenario. Everything stays on loopback and every load is bounded in time; the run stops by
itself. \`npm run bench -- --quick\` is a one-minute smoke run that writes only
\`.gatehouse/bench/quick.json\`; \`--only small-fixed-rate,…\` runs some scenarios into
\`.gatehouse/bench/partial.json\`; \`--render\` rewrites this page from the last full run's
\`latest.json\` without measuring. \`BENCH_PROXY_NODE_FLAGS="--cpu-prof"\` (or \`--trace-gc-nvp\`)
passes node flags to both proxies (and the relay) for profiling.

**Fairness on a two-core machine.** The proxy under test (relay, baseline or gateway, never two
at once under load) runs under \`taskset -c 0\`; the simulators and the load generator share core 1
(\`taskset -c 1\`, the load generator pins all its own threads with \`taskset -a -p\`). So "on
one core" in the latency target is literal. The **proxy CPU** column is the proxy's CPU time
over the measured window as a share of one core: near 100 % the proxy was the bottleneck;
well below it, core 1 (load generator + simulator) was, and the throughput ratio understates
the gap between the two proxies.

**Figures.** Throughput counts 2xx responses per second over the measured window (a warm-up
run comes first and is discarded). The maximum-throughput scenario runs the three targets in
interleaved rounds (direct, baseline, gateway, then again) and pools them; its target is judged by
the median of the per-round gateway ÷ baseline ratios, because this shared machine's speed drifts
over minutes and adjacent rounds see the same conditions. In the closed-loop scenarios latencies come from autocannon's
per-response hrtime duration (microsecond resolution; its own histogram rounds to whole
milliseconds). All percentiles are nearest-rank. *Added* latency is the proxied percentile minus
the direct percentile of the same scenario. Peak RSS is the highest \`VmRSS\` of the proxy process
sampled from \`/proc/<pid>/status\` every 100 ms (200 ms while holding streams). The throughput
target is judged only when both proxies used at least 90 % of their core during the measured
window; otherwise it is shown as *inconclusive*, because other load on the machine, not the proxy,
set the rate.

**Latency at a fixed rate** uses a paced open-loop generator (\`tools/bench/src/paced-load.ts\`,
ADR 0018), not autocannon: autocannon's \`overallRate\` sends each connection's quota for the
second back to back, so "1,000 req/s" becomes a burst at full concurrency at the top of every
second and its p99 measures queueing. The paced generator sends request *n* at *n* / rate seconds
whatever earlier answers do, through an undici pool large enough that a request never waits for a
connection; latency runs from handing the request over to the last body byte, so a proxy that
stalls delays every request sent meanwhile (no coordinated omission). The generator runs in a
process of its own that loads only undici, so its heap stays small and its garbage collections
short (sharing the benchmark driver's heap, they landed on the load core in bursts). Like the
throughput scenario, the targets are measured in short interleaved rounds with latencies pooled
per target: stalls that come from outside the proxy under test (other processes on the machine,
the hypervisor) recur every few seconds here, and one long window per target let them decide which
target looked slow. Each target is first warmed up for longer than in the other scenarios, at the
measured rate: the generator is a fresh process, and V8 compiles a fresh process's hot code to
optimised code in a burst of background compilation about 10 s into its load (on the load core,
beside the simulator), which must be over before the first measured round. The generator's own lag
behind its schedule is printed under the table; above 2 ms at p99 (direct, relay or gateway)
requests bunched up and the target is *inconclusive*. It is also *inconclusive* when the relay
alone adds more than the target at p99: then the machine's own hop (a kernel thread or another
process taking the proxy's core for a few milliseconds) is larger than what is measured, and a
pass cannot be shown. Either way it is a *fail* when the gateway's p99 is more than the target
above the relay's: the relay ran under the same generator and the same machine, so that much tail
is the gateway's own.

**Concurrent streams.** A small node:http client (autocannon reports per-request latency, not
how many streams were open together) opens the streams in waves of 250 every 50 ms; the
simulator paces each reply at one delta per second so they all overlap. "Peak open (client)"
counts streams whose 200 headers arrived and whose \`message_stop\` had not; the simulator's
own peak is shown beside it. Every stream must end with \`message_stop\`. The load generator
raises its open-files limit to 16,384 with \`prlimit\` (inherited by the processes it starts)
when it is lower: 5,000 streams take two descriptors each in the proxy. The baseline and the gateway both get 8,192 upstream connections per
endpoint (\`UPSTREAM_CONNECTIONS\`; the gateway's default of 256 would queue streams beyond 256).

Both proxies run as \`npm start\` runs services: compiled to JavaScript under \`dist/\` (ADR 0020;
\`npm run bench\` builds first) on plain Node with \`--max-semi-space-size=16\`. The gateway also
gets the flag docs/proxy.md recommends for a process with one CPU, \`--no-concurrent-marking\`
(ADR 0021); the baseline runs without it, so a flag that cost throughput would lower the
gateway's ratio rather than the bar. The gateway's configuration is its default one, so usage
events are published from its worker thread (ADR 0019) and Node's helper threads idle while its
request thread has headroom (ADR 0022). The concurrent-streams scenario starts both proxies afresh so its RSS is not the
heap the throughput runs left behind; the other scenarios' RSS is the peak within their window.
The machine's load average at start and end is printed because pinning constrains only the
benchmark's own processes: the local stack (Kafka, ClickHouse, PostgreSQL) and anything else
running share both cores.

Results also go to \`.gatehouse/bench/latest.json\`; process logs to \`.gatehouse/bench/logs/\`.
Figures are never edited by hand: a target that fails is shown failing.
`;
