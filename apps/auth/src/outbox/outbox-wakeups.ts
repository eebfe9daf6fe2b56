import type { KafkaLogger } from '@gatehouse/kafka';
import { Client } from 'pg';

/**
 * LISTENs on the outbox channel with one dedicated connection and calls `onWake` when a
 * transaction that wrote outbox rows commits. Purely an accelerator: if the connection drops,
 * the relay still finds rows by polling, so errors are logged and the listener stays down.
 */
export class OutboxWakeups {
  private client: Client | undefined;

  constructor(private readonly options: { url: string; channel: string; logger: KafkaLogger }) {}

  async start(onWake: () => void): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'gatehouse-auth-outbox-listen',
    });
    client.on('notification', (message) => {
      if (message.channel === this.options.channel) onWake();
    });
    client.on('error', (error) => {
      this.options.logger.warn(
        { err: error.message },
        'outbox LISTEN connection lost; relay keeps polling',
      );
      this.client = undefined;
    });
    await client.connect();
    await client.query(`LISTEN "${this.options.channel}"`);
    this.client = client;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
