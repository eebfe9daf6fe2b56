/** Counters a test or benchmark reads to check what the mock saw and did. */
export interface MockStats {
  requestsByRoute: Record<string, number>;
  faultsByKind: Record<string, number>;
  bytesSent: number;
  activeStreams: number;
  peakActiveStreams: number;
}

export class StatsRecorder {
  private requestsByRoute: Record<string, number> = {};
  private faultsByKind: Record<string, number> = {};
  private bytesSent = 0;
  private activeStreams = 0;
  private peakActiveStreams = 0;

  request(route: string): void {
    this.requestsByRoute[route] = (this.requestsByRoute[route] ?? 0) + 1;
  }

  fault(kind: string): void {
    this.faultsByKind[kind] = (this.faultsByKind[kind] ?? 0) + 1;
  }

  sent(bytes: number): void {
    this.bytesSent += bytes;
  }

  streamOpened(): void {
    this.activeStreams++;
    if (this.activeStreams > this.peakActiveStreams) this.peakActiveStreams = this.activeStreams;
  }

  streamClosed(): void {
    this.activeStreams--;
  }

  reset(): void {
    this.requestsByRoute = {};
    this.faultsByKind = {};
    this.bytesSent = 0;
    this.peakActiveStreams = this.activeStreams;
  }

  snapshot(): MockStats {
    return {
      requestsByRoute: { ...this.requestsByRoute },
      faultsByKind: { ...this.faultsByKind },
      bytesSent: this.bytesSent,
      activeStreams: this.activeStreams,
      peakActiveStreams: this.peakActiveStreams,
    };
  }
}
