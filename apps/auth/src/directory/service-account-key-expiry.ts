import type { Logger } from '@gatehouse/observability';
import type { ServiceAccountKeys } from './service-account-keys';

const DEFAULT_INTERVAL_MS = 60_000;

/**
 * Runs `ServiceAccountKeys.expireDue()` on a timer: keys past their expiry (including an old key
 * whose rotation grace ended) are revoked and their `service-account-key` event goes through the
 * outbox, so proxies stop accepting them. Safe on several replicas (rows are claimed SKIP LOCKED).
 */
export class ServiceAccountKeyExpiry {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: Pick<ServiceAccountKeys, 'expireDue'>,
    private readonly logger: Pick<Logger, 'info' | 'warn'>,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async runOnce(): Promise<string[]> {
    try {
      const revoked = await this.keys.expireDue();
      if (revoked.length > 0)
        this.logger.info({ keyIds: revoked }, 'expired service-account keys revoked');
      return revoked;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'service-account key expiry failed; will retry',
      );
      return [];
    }
  }
}
