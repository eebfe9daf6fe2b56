import type { OutgoingRecord } from '../event-encoding';
import type { RecordSender } from '../event-producer';

/** A producer that must be connected once before it can send (EventProducer). */
export interface ConnectableSender extends RecordSender {
  connect(): Promise<void>;
}

/**
 * Connects the producer on the first send instead of at boot. A kafkajs producer that never
 * connected rejects every send, so a proxy that starts (or restarts) while Kafka is down would
 * journal forever; with this the replayer's next send after recovery connects it. Once
 * connected, kafkajs reconnects by itself. Concurrent sends share one connection attempt.
 */
export function connectOnSend(producer: ConnectableSender): RecordSender {
  let connected = false;
  let connecting: Promise<void> | undefined;
  const ensureConnected = async (): Promise<void> => {
    if (connected) return;
    connecting ??= producer.connect().finally(() => {
      connecting = undefined;
    });
    await connecting;
    connected = true;
  };
  return {
    async sendRecords(records: readonly OutgoingRecord[]): Promise<void> {
      await ensureConnected();
      await producer.sendRecords(records);
    },
  };
}
