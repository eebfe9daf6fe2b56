/**
 * kafkajs 2.2.4 (unmaintained; the fix is open upstream: tulios/kafkajs#1556, #1704, #1768) arms
 * its request-queue check with `throttledUntil - Date.now()` even when nothing is pending and no
 * throttle is active. That delay is negative, Node clamps it to 1 ms, and the check re-arms itself:
 * every broker connection wakes its thread ~1,000 times a second doing nothing — measured on an
 * idle proxy, 1,750 event-loop wake-ups a second on the request thread — and Node 24 warns
 * `TimeoutNegativeWarning` as a stray non-JSON line on stderr.
 *
 * This replaces that one method with the upstream fix: arm a check only while requests are
 * pending (every 10 ms, or when the throttle ends) or while a throttle is active; otherwise the
 * next `push` or fulfilled request schedules it, as before. Applied once per process, and only to
 * the kafkajs version it was written against (a test pins that version, so an upgrade re-checks it).
 */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';
/** kafkajs's own `CHECK_PENDING_REQUESTS_INTERVAL`. */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** The fields of kafkajs's RequestQueue this fix reads and writes. */
export interface KafkaJsRequestQueue {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

type RequestQueueClass = { prototype: KafkaJsRequestQueue };

let applied = false;

/** True when the fix is in place (false for a kafkajs version it was not written for). */
export function fixKafkaJsIdleRequestQueue(): boolean {
  if (applied) return true;
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_KAFKAJS_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue') as RequestQueueClass;
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  applied = true;
  return true;
}

function scheduleCheckPendingRequests(this: KafkaJsRequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delayMs: number;
  if (this.pending.length > 0) {
    delayMs = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  } else if (untilUnthrottled > 0) {
    delayMs = untilUnthrottled;
  } else {
    return;
  }
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delayMs);
}
