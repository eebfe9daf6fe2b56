import { CLOCK_TICKS_PER_SECOND, readCpuTicks, readRssBytes } from './proc-status';

export interface ProcessUsage {
  /** Highest VmRSS seen while metering, in bytes. */
  readonly peakRssBytes: number;
  /** CPU time used while metering as a share of one core (1 = one core fully busy). */
  readonly cpuCores: number;
}

/**
 * Samples a process's RSS every `intervalMs` and its CPU time at start and stop, so each
 * scenario reports the memory peak and how busy the process under test was (a proxy near one
 * full core is the bottleneck; one well below it means the load generator was).
 */
export class ProcessMeter {
  private peakRssBytes = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly startTicks: number;
  private readonly startedAt = process.hrtime.bigint();

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.startTicks = readCpuTicks(pid) ?? 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const rss = readRssBytes(this.pid);
    if (rss !== undefined && rss > this.peakRssBytes) this.peakRssBytes = rss;
  }

  stop(): ProcessUsage {
    clearInterval(this.timer);
    this.sample();
    const elapsedSec = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const ticks = (readCpuTicks(this.pid) ?? this.startTicks) - this.startTicks;
    return {
      peakRssBytes: this.peakRssBytes,
      cpuCores: elapsedSec > 0 ? ticks / CLOCK_TICKS_PER_SECOND / elapsedSec : 0,
    };
  }
}
