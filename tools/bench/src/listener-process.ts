/** A listener started per upstream by a pass-through process (the baseline proxy, the relay). */
export interface UpstreamListener {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Accept queue of the pass-through listeners: the gateway's default `LISTEN_BACKLOG`, so a burst
 * of connections meets the same queue whichever proxy it goes to. A literal, not an import of
 * `DEFAULT_LISTEN_BACKLOG`: the service kit would load NestJS into the minimal baseline and relay
 * processes; listener-process.spec.ts keeps the two equal.
 */
export const PASS_THROUGH_BACKLOG = 4096;

/** The line a listener process prints once listening, listener URLs in upstream order. */
export const LISTENERS_LINE = /^(\{"listeners".*\})$/m;

/**
 * The entry point of a listener process: one listener per upstream URL given on the command line,
 * the `{"listeners":[…]}` line on stdout once all listen, and a clean stop on SIGTERM / SIGINT.
 *   node dist/tools/bench/src/<entry>.js <upstreamUrl> [<upstreamUrl> …]
 */
export function serveUpstreamsFromArgv(
  name: string,
  start: (upstreamUrl: string) => Promise<UpstreamListener>,
): void {
  Promise.all(process.argv.slice(2).map((url) => start(url))).then(
    (listeners) => {
      process.stdout.write(`${JSON.stringify({ listeners: listeners.map((l) => l.url) })}\n`);
      const stop = (): void => {
        Promise.all(listeners.map((l) => l.close())).finally(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      process.stderr.write(`${name} failed to start: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
