import { PolicySnapshotV1Definition, type Actor } from '@gatehouse/contracts';
import {
  settingsChecksum,
  validatePolicyDocument,
  type ManagedSettingsPolicy,
} from '@gatehouse/managed-settings';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../directory/clock';
import { newId } from '../directory/ids';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { ManagedSettingsPolicyEntity } from './entities/managed-settings-policy.entity';
import { ManagedSettingsVersionEntity } from './entities/managed-settings-version.entity';
import { PolicyError, PolicyErrorCode } from './policy-error';

/** A stored version with its document parsed back into the layered policy. */
export interface PolicyVersion {
  readonly policyId: string;
  readonly orgId: string;
  readonly version: number;
  readonly policy: ManagedSettingsPolicy;
  readonly checksum: string;
  readonly publishedBy: Actor;
  readonly createdAt: Date;
}

/** A version without its document, for the history listing. */
export type PolicyVersionSummary = Omit<PolicyVersion, 'policy'>;

export interface PublishResult {
  readonly version: PolicyVersion;
  /** False when the document equals the current version's: nothing was written. */
  readonly changed: boolean;
}

export interface ManagedSettingsStoreDeps {
  readonly dataSource: DataSource;
  readonly outbox: OutboxWriter;
  readonly clock: Clock;
}

/**
 * Versions of each organisation's managed-settings policy in PostgreSQL. Publishing a changed
 * document inserts the next immutable version and writes its `policy.snapshot` event to the
 * outbox in the same transaction, so Kafka sees exactly the versions that committed.
 */
export class ManagedSettingsStore {
  constructor(private readonly deps: ManagedSettingsStoreDeps) {}

  /** The organisation's current version, or undefined when no policy was ever published. */
  async current(orgId: string): Promise<PolicyVersion | undefined> {
    const rows: VersionRow[] = await this.deps.dataSource.query(
      `SELECT p.id AS policy_id, p.org_id, v.version, v.document, v.checksum, v.published_by, v.created_at
       FROM managed_settings_policies p
       JOIN managed_settings_policy_versions v ON v.policy_id = p.id AND v.version = p.current_version
       WHERE p.org_id = $1`,
      [orgId],
    );
    return rows[0] === undefined ? undefined : toVersion(rows[0]);
  }

  async version(orgId: string, version: number): Promise<PolicyVersion | undefined> {
    const rows: VersionRow[] = await this.deps.dataSource.query(
      `SELECT p.id AS policy_id, p.org_id, v.version, v.document, v.checksum, v.published_by, v.created_at
       FROM managed_settings_policies p
       JOIN managed_settings_policy_versions v ON v.policy_id = p.id
       WHERE p.org_id = $1 AND v.version = $2`,
      [orgId, version],
    );
    return rows[0] === undefined ? undefined : toVersion(rows[0]);
  }

  /** Every version of the organisation's policy, newest first. */
  async versions(orgId: string): Promise<PolicyVersionSummary[]> {
    const rows: Omit<VersionRow, 'document'>[] = await this.deps.dataSource.query(
      `SELECT p.id AS policy_id, p.org_id, v.version, v.checksum, v.published_by, v.created_at
       FROM managed_settings_policies p
       JOIN managed_settings_policy_versions v ON v.policy_id = p.id
       WHERE p.org_id = $1
       ORDER BY v.version DESC`,
      [orgId],
    );
    return rows.map(toSummary);
  }

  /** Publishes `policy` (already validated) as the organisation's next version, if it changed. */
  publish(input: {
    orgId: string;
    policy: ManagedSettingsPolicy;
    actor: Actor;
  }): Promise<PublishResult> {
    return this.deps.dataSource.transaction(async (tx) => {
      const row = await this.lockedPolicy(tx, input.orgId);
      const checksum = settingsChecksum(input.policy);
      if (row.currentVersion > 0) {
        const current = await tx
          .getRepository(ManagedSettingsVersionEntity)
          .findOneByOrFail({ policyId: row.id, version: row.currentVersion });
        if (current.checksum === checksum) {
          return { version: fromEntity(row.orgId, current), changed: false };
        }
      }
      const now = this.deps.clock();
      const next = row.currentVersion + 1;
      const eventId = newId('evt');
      await tx.query(
        `INSERT INTO managed_settings_policy_versions
           (policy_id, version, document, checksum, event_id, published_by, created_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6::jsonb, $7)`,
        [
          row.id,
          next,
          JSON.stringify(input.policy),
          checksum,
          eventId,
          JSON.stringify(input.actor),
          now,
        ],
      );
      await tx
        .getRepository(ManagedSettingsPolicyEntity)
        .update({ id: row.id }, { currentVersion: next, updatedAt: now });
      await this.deps.outbox.append(tx, PolicySnapshotV1Definition, {
        type: 'policy.snapshot',
        version: 1,
        id: eventId,
        occurredAt: now.toISOString(),
        policyId: row.id,
        orgId: row.orgId,
        policyVersion: next,
        status: 'active',
        // One policy per organisation: its layers carry their own audiences, so the policy as a
        // whole applies to everyone and consumers evaluate it with @gatehouse/managed-settings.
        appliesToGroups: [],
        priority: 0,
        document: JSON.parse(JSON.stringify(input.policy)),
        checksum,
        publishedBy: input.actor,
      });
      const version: PolicyVersion = {
        policyId: row.id,
        orgId: row.orgId,
        version: next,
        policy: input.policy,
        checksum,
        publishedBy: input.actor,
        createdAt: now,
      };
      return { version, changed: true };
    });
  }

  /** The organisation's policy row, created on first use, locked until the transaction ends. */
  private async lockedPolicy(
    tx: EntityManager,
    orgId: string,
  ): Promise<ManagedSettingsPolicyEntity> {
    const now = this.deps.clock();
    await tx.query(
      `INSERT INTO managed_settings_policies (id, org_id, current_version, created_at, updated_at)
       VALUES ($1, $2, 0, $3, $3) ON CONFLICT (org_id) DO NOTHING`,
      [`pol_${randomBytes(16).toString('hex')}`, orgId, now],
    );
    return tx
      .getRepository(ManagedSettingsPolicyEntity)
      .findOneOrFail({ where: { orgId }, lock: { mode: 'pessimistic_write' } });
  }
}

interface VersionRow {
  policy_id: string;
  org_id: string;
  version: number;
  document: unknown;
  checksum: string;
  published_by: Actor;
  created_at: Date;
}

function toSummary(row: Omit<VersionRow, 'document'>): PolicyVersionSummary {
  return {
    policyId: row.policy_id,
    orgId: row.org_id,
    version: row.version,
    checksum: row.checksum,
    publishedBy: row.published_by,
    createdAt: row.created_at,
  };
}

function toVersion(row: VersionRow): PolicyVersion {
  return { ...toSummary(row), policy: storedPolicy(row.document, row.policy_id, row.version) };
}

function fromEntity(orgId: string, entity: ManagedSettingsVersionEntity): PolicyVersion {
  return toVersion({
    policy_id: entity.policyId,
    org_id: orgId,
    version: entity.version,
    document: entity.document,
    checksum: entity.checksum,
    published_by: entity.publishedBy,
    created_at: entity.createdAt,
  });
}

/** Stored documents were validated on the way in; one that no longer parses is a server fault. */
function storedPolicy(document: unknown, policyId: string, version: number): ManagedSettingsPolicy {
  const parsed = validatePolicyDocument(document);
  if (!parsed.ok) {
    throw new PolicyError(
      PolicyErrorCode.CORRUPT_VERSION,
      `stored managed-settings policy ${policyId} v${version} no longer validates: ` +
        parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    );
  }
  return parsed.policy;
}
