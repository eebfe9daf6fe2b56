import { CatchUpTracker } from './catch-up-tracker';

describe('CatchUpTracker', () => {
  it('is caught up at once when every partition is empty or fully aged out', () => {
    const tracker = new CatchUpTracker([
      { topic: 't', partition: 0, low: '0', high: '0' },
      { topic: 't', partition: 1, low: '7', high: '7' },
    ]);
    expect(tracker.caughtUp).toBe(true);
  });

  it('waits for every partition to reach its start-time high-water mark, then stays caught up', () => {
    const tracker = new CatchUpTracker([
      { topic: 'a', partition: 0, low: '0', high: '10' },
      { topic: 'b', partition: 2, low: '3', high: '5' },
    ]);
    tracker.processed('a', 0, '8');
    expect(tracker.caughtUp).toBe(false);
    expect(tracker.describePending()).toBe('a[0], b[2]');
    tracker.processed('a', 0, '9');
    expect(tracker.describePending()).toBe('b[2]');
    tracker.processed('b', 1, '100');
    expect(tracker.caughtUp).toBe(false);
    tracker.processed('b', 2, '4');
    expect(tracker.caughtUp).toBe(true);
    tracker.processed('a', 0, '0');
    expect(tracker.caughtUp).toBe(true);
  });
});
