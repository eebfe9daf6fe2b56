import type { Logger } from '@gatehouse/observability';

export type ShutdownHook = () => Promise<void> | void;

export interface ShutdownOutcome {
  /** Hooks that threw, by name. */
  readonly failed: readonly string[];
}

/**
 * Hooks that release resources when the service stops (flush producers, stop consumers, close
 * pools). They run one after another in registration order, because later hooks often depend on
 * earlier ones having finished (a consumer stops before the producer it writes to is flushed).
 */
export class ShutdownHooks {
  private readonly hooks: Array<{ name: string; hook: ShutdownHook }> = [];

  add(name: string, hook: ShutdownHook): void {
    this.hooks.push({ name, hook });
  }

  async runAll(logger: Logger): Promise<ShutdownOutcome> {
    const failed: string[] = [];
    for (const { name, hook } of this.hooks) {
      const started = performance.now();
      try {
        await hook();
        logger.info(
          { hook: name, durationMs: Math.round(performance.now() - started) },
          'shutdown hook finished',
        );
      } catch (error) {
        failed.push(name);
        logger.error({ hook: name, err: error }, 'shutdown hook failed');
      }
    }
    return { failed };
  }
}
