import type { OutgoingRecord } from '../event-encoding';
import { connectOnSend, type ConnectableSender } from './connect-on-send';
import { aRecord } from './test-support/journal-test-kit';

class FakeProducer implements ConnectableSender {
  connectCalls = 0;
  refuseConnect = true;
  readonly sent: OutgoingRecord[] = [];
  async connect(): Promise<void> {
    this.connectCalls += 1;
    await Promise.resolve();
    if (this.refuseConnect) throw new Error('ECONNREFUSED');
  }
  async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
    this.sent.push(...records);
  }
}

describe('connectOnSend', () => {
  it('fails sends while the broker refuses connections, then connects once and sends', async () => {
    const producer = new FakeProducer();
    const sender = connectOnSend(producer);

    await expect(sender.sendRecords([aRecord('a')])).rejects.toThrow('ECONNREFUSED');
    expect(producer.sent).toHaveLength(0);

    producer.refuseConnect = false;
    await Promise.all([sender.sendRecords([aRecord('b')]), sender.sendRecords([aRecord('c')])]);
    await sender.sendRecords([aRecord('d')]);

    expect(producer.sent).toHaveLength(3);
    expect(producer.connectCalls).toBe(2);
  });
});
