import { randomBytes } from 'node:crypto';

/**
 * A new KRaft cluster id as `kafka-storage random-uuid` prints it: 16 random bytes in URL-safe
 * base64. Like Kafka's own `Uuid.randomUuid`, it never starts with `-`, which the storage tool's
 * command line would read as an option (`--cluster-id: expected one argument`), once in 64 draws.
 */
export function kraftClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
