import {
  fixKafkaJsIdleRequestQueue,
  PATCHED_KAFKAJS_VERSION,
  type KafkaJsRequestQueue,
} from './request-queue-idle-fix';

const RequestQueue = require('kafkajs/src/network/requestQueue') as new (
  options: object,
) => KafkaJsRequestQueue;

function idleQueue(): KafkaJsRequestQueue {
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
  };
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    clientId: 't',
    broker: 'b',
    logger,
  });
}

describe('fixKafkaJsIdleRequestQueue', () => {
  beforeAll(() => expect(fixKafkaJsIdleRequestQueue()).toBe(true));
  afterEach(() => jest.useRealTimers());

  it('is written for the installed kafkajs (an upgrade must re-check the upstream bug)', () => {
    expect((require('kafkajs/package.json') as { version: string }).version).toBe(
      PATCHED_KAFKAJS_VERSION,
    );
  });

  it('arms no timer when nothing is pending and no throttle is active (upstream: a 1 ms loop)', () => {
    jest.useFakeTimers();
    const queue = idleQueue();
    const check = jest.spyOn(queue, 'checkPendingRequests');

    queue.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(100);

    expect(queue.throttleCheckTimeoutId).toBeNull();
    expect(check).not.toHaveBeenCalled();
  });

  it('checks pending requests every 10 ms while they wait', () => {
    jest.useFakeTimers();
    const queue = idleQueue();
    const check = jest.spyOn(queue, 'checkPendingRequests').mockImplementation(() => undefined);
    queue.pending.push({});

    queue.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(9);
    expect(check).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('checks when a broker throttle ends, pending or not', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const queue = idleQueue();
    const check = jest.spyOn(queue, 'checkPendingRequests').mockImplementation(() => undefined);
    queue.throttledUntil = Date.now() + 250;

    queue.scheduleCheckPendingRequests();
    queue.scheduleCheckPendingRequests();
    jest.advanceTimersByTime(249);
    expect(check).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(check).toHaveBeenCalledTimes(1);
  });
});
