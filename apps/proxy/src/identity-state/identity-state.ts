import { RevocationList, ServiceAccountKeyRegistry } from '@gatehouse/access-token';
import {
  ServiceAccountKeyV1Definition,
  SessionRevokedV1Definition,
  SigningKeyV1Definition,
  type AnyEventDefinition,
} from '@gatehouse/contracts';
import { decodeEventMessage } from '@gatehouse/kafka';
import { PublishedSigningKeys } from './published-signing-keys';

/** The compacted topics a proxy rebuilds its identity view from. */
export const IDENTITY_STATE_EVENTS: readonly AnyEventDefinition[] = [
  SessionRevokedV1Definition,
  ServiceAccountKeyV1Definition,
  SigningKeyV1Definition,
];

/** One record as it came off a topic. */
export interface IdentityRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type ApplyOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'tombstone' }
  /** Not an event this proxy can use; skipped (the auth service's own checks dead-letter such records). */
  | { readonly kind: 'skipped'; readonly reason: string };

export interface IdentityStateOptions {
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

/**
 * Everything a proxy knows about identities without asking the auth service: revoked sessions and
 * users, service account keys, and published signing keys. The request path reads these views
 * (each lookup is a map read); only the identity-state consumer writes them.
 */
export class IdentityState {
  readonly revocations: RevocationList;
  readonly apiKeys: ServiceAccountKeyRegistry;
  readonly signingKeys: PublishedSigningKeys;
  private readonly appliedByTopic = new Map<string, number>();

  constructor(options: IdentityStateOptions = {}) {
    this.revocations = new RevocationList({ now: options.now });
    this.apiKeys = new ServiceAccountKeyRegistry({ now: options.now });
    this.signingKeys = new PublishedSigningKeys({ now: options.now });
  }

  /** Events applied per topic since start, for logs and tests. */
  appliedCounts(): Readonly<Record<string, number>> {
    return Object.fromEntries(this.appliedByTopic);
  }

  /**
   * Validates and applies one record. Never throws: a record that is not a valid event of its
   * topic is skipped with the reason, because a proxy that stopped reading would stop learning
   * revocations, which is worse than ignoring one bad record.
   */
  apply(record: IdentityRecord): ApplyOutcome {
    switch (record.topic) {
      case SessionRevokedV1Definition.topic: {
        const decoded = decodeEventMessage(SessionRevokedV1Definition, record.value, record.headers);
        if (decoded.kind === 'event') this.revocations.apply(decoded.event);
        return this.outcome(record.topic, decoded);
      }
      case ServiceAccountKeyV1Definition.topic: {
        const decoded = decodeEventMessage(ServiceAccountKeyV1Definition, record.value, record.headers);
        if (decoded.kind === 'event') this.apiKeys.apply(decoded.event);
        return this.outcome(record.topic, decoded);
      }
      case SigningKeyV1Definition.topic: {
        const decoded = decodeEventMessage(SigningKeyV1Definition, record.value, record.headers);
        if (decoded.kind === 'tombstone' && record.key !== null) this.signingKeys.forget(record.key);
        if (decoded.kind === 'event') {
          try {
            this.signingKeys.apply(decoded.event);
          } catch (error) {
            return { kind: 'skipped', reason: error instanceof Error ? error.message : String(error) };
          }
        }
        return this.outcome(record.topic, decoded);
      }
      default:
        return { kind: 'skipped', reason: `${record.topic} is not an identity state topic` };
    }
  }

  private outcome(topic: string, decoded: { kind: 'event' } | { kind: 'tombstone' } | { kind: 'rejected'; error: string }): ApplyOutcome {
    if (decoded.kind === 'rejected') return { kind: 'skipped', reason: decoded.error };
    if (decoded.kind === 'tombstone') return { kind: 'tombstone' };
    this.appliedByTopic.set(topic, (this.appliedByTopic.get(topic) ?? 0) + 1);
    return { kind: 'applied' };
  }
}
