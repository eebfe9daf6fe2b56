import type { ServerResponse } from 'node:http';

/** True once the client went away before the response was complete. */
export function clientGone(res: ServerResponse): boolean {
  return res.destroyed && !res.writableFinished;
}
