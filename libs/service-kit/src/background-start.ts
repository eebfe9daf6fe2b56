import type { Logger } from '@gatehouse/observability';
import type { ReadinessCheck } from './readiness';

export interface BackgroundStartOptions {
  /** Name shown in `/readyz`. */
  name: string;
  /** Idempotent start-up work (migrations, topic provisioning, consumer start); retried until it succeeds. */
  start(): Promise<void>;
  stop(): Promise<void>;
  logger: Logger;
  retryDelayMs?: number;
}

/**
 * Starts a pipeline in the background and keeps retrying while its dependencies are down, so the
 * service comes up (and says why it is not ready in `/readyz`) instead of crash-looping when
 * ClickHouse or Kafka is briefly unavailable at boot.
 */
export class BackgroundStart implements ReadinessCheck {
  private running = false;
  private stopped = false;
  private lastError = 'not started yet';
  private attempt: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: BackgroundStartOptions) {}

  get name(): string {
    return this.options.name;
  }

  begin(): void {
    this.attempt = this.tryStart();
  }

  async check(): Promise<{ ok: boolean; detail?: string }> {
    if (this.running) return { ok: true };
    return { ok: false, detail: this.stopped ? 'stopped' : `starting: ${this.lastError}` };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.attempt;
    if (this.running) {
      this.running = false;
      await this.options.stop();
    }
  }

  private async tryStart(): Promise<void> {
    try {
      await this.options.start();
    } catch (error) {
      if (this.stopped) return;
      this.lastError = (error as Error).message;
      const delay = this.options.retryDelayMs ?? 5_000;
      this.options.logger.warn(
        { pipeline: this.options.name, err: this.lastError, retryInMs: delay },
        'pipeline start failed; retrying',
      );
      this.retryTimer = setTimeout(() => this.begin(), delay);
      return;
    }
    if (this.stopped) {
      // stop() arrived while starting: undo the start instead of leaving a consumer running.
      await this.options.stop();
      return;
    }
    this.running = true;
    this.options.logger.info({ pipeline: this.options.name }, 'pipeline started');
  }
}
