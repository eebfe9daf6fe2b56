import type { RequestCompletedV1 } from '@gatehouse/contracts';
import { UnsettledEvents } from './unsettled-events';

/** Only the id matters to the ledger; the rest of the event is opaque to it. */
const events = (...ids: string[]): RequestCompletedV1[] =>
  ids.map((requestId) => ({ requestId }) as RequestCompletedV1);
const idsOf = (list: readonly RequestCompletedV1[]): string[] => list.map((e) => e.requestId);

describe('UnsettledEvents', () => {
  it('forgets batches once the worker reports them settled, and only those', () => {
    const ledger = new UnsettledEvents(100);
    ledger.add(events('a', 'b'));
    ledger.add(events('c'));
    ledger.add(events('d', 'e'));

    ledger.settle(3);
    expect(ledger.size).toBe(2);
    expect(idsOf(ledger.takeAll())).toEqual(['d', 'e']);
  });

  it('keeps a batch the worker settled only part of', () => {
    const ledger = new UnsettledEvents(100);
    ledger.add(events('a', 'b', 'c'));
    ledger.settle(2);
    expect(idsOf(ledger.takeAll())).toEqual(['a', 'b', 'c']);
  });

  it('counts afresh for the next worker after the copies are taken back', () => {
    const ledger = new UnsettledEvents(100);
    ledger.add(events('a', 'b'));
    expect(idsOf(ledger.takeAll())).toEqual(['a', 'b']);
    expect(ledger.size).toBe(0);

    ledger.add(events('a', 'b', 'c'));
    ledger.settle(3);
    expect(ledger.size).toBe(0);
    expect(ledger.takeAll()).toEqual([]);
  });

  it('forgets the oldest copies past its bound but always keeps the newest batch', () => {
    const ledger = new UnsettledEvents(3);
    expect(ledger.add(events('a', 'b'))).toBe(0);
    expect(ledger.add(events('c', 'd'))).toBe(2);
    expect(ledger.add(events('e', 'f', 'g', 'h'))).toBe(2);
    expect(idsOf(ledger.takeAll())).toEqual(['e', 'f', 'g', 'h']);
  });
});
