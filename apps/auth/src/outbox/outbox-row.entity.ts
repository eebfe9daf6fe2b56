import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event waiting to be published. Written in the same transaction as the state change it
 * describes; the relay publishes rows in id order and stamps `publishedAt` once Kafka acked.
 */
@Entity({ name: 'outbox' })
export class OutboxRowEntity {
  /** bigserial; pg returns it as a string because it can exceed Number.MAX_SAFE_INTEGER. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'text', unique: true })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
