import { UserChangedV1Definition, type Actor, type UserChangedV1 } from '@gatehouse/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxWriter } from '../outbox/outbox-writer';
import { userActor } from './actors';
import type { Clock } from './clock';
import { DirectoryError, DirectoryErrorCode } from './directory-error';
import { UserEntity } from './entities/user.entity';
import { groupNamesOf, syncIdpGroups } from './group-sync';
import { newId } from './ids';
import type { RoleResolver } from './role-resolver';
import type { SessionRevocations } from './session-revocations';
import { inTransaction } from './transactions';
import { userChangedEvent } from './user-changed-event';

/** What a successful OIDC login tells us about the person (after claim mapping). */
export interface LoginClaims {
  orgId: string;
  issuer: string;
  subject: string;
  email: string;
  displayName: string | null;
  groups: readonly string[];
  /** Team from a claim, when the deployment maps one; an existing team is kept when absent. */
  teamId?: string | null;
}

export interface DirectoryUser {
  id: string;
  orgId: string;
  teamId: string | null;
  email: string | null;
  displayName: string | null;
  status: UserEntity['status'];
  revision: number;
  groups: string[];
  roles: string[];
}

export interface LoginUpsertResult {
  user: DirectoryUser;
  change: 'provisioned' | 'updated' | 'unchanged';
  /** Absolute lifetime for the session this login creates (role-resolution.ts). */
  sessionLifetimeSeconds: number;
}

export interface AdminChange {
  actor: Actor;
  source: UserChangedV1['source'];
}

export interface UserDirectoryDeps {
  dataSource: DataSource;
  outbox: OutboxWriter;
  roles: RoleResolver;
  revocations: SessionRevocations;
  clock: Clock;
}

/**
 * Users and their group memberships. Every change bumps the user's revision and writes
 * `identity.user_changed` (and, when sessions end, `identity.session_revoked`) to the outbox in
 * the same transaction. Users own sessions only: service accounts belong to teams, so
 * deactivating a person does not touch them (docs/adr/0012).
 */
export class UserDirectory {
  constructor(private readonly deps: UserDirectoryDeps) {}

  /**
   * Creates or refreshes the user behind an IdP login and synchronises their IdP groups. A user
   * SCIM provisioned before their first login (no subject yet) is linked by email. Refuses a
   * deactivated or deleted user with USER_INACTIVE: the IdP still authenticating them does not
   * override the directory.
   */
  upsertFromLogin(claims: LoginClaims, manager?: EntityManager): Promise<LoginUpsertResult> {
    return inTransaction(this.deps.dataSource, manager, async (tx) => {
      const now = this.deps.clock();
      // Serialises concurrent first logins of one subject (two tabs, two devices).
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${claims.issuer}\n${claims.subject}`,
      ]);
      const users = tx.getRepository(UserEntity);
      const existing =
        (await users.findOne({
          where: { issuer: claims.issuer, externalSubject: claims.subject },
          lock: { mode: 'pessimistic_write' },
        })) ?? (await this.unlinkedUserWithEmail(tx, claims));
      if (existing !== null && existing.status !== 'active') {
        throw new DirectoryError(
          DirectoryErrorCode.USER_INACTIVE,
          `user ${existing.id} is ${existing.status}`,
        );
      }
      await this.assertEmailFree(tx, claims, existing?.id);

      const user = existing ?? newUser(claims, now);
      const fieldsChanged = applyClaims(user, claims);
      if (existing === null) await users.insert(user);
      const groupsChanged = await syncIdpGroups(tx, {
        orgId: user.orgId,
        userId: user.id,
        groups: claims.groups,
        now,
      });
      const groups = await groupNamesOf(tx, user.id);
      const resolved = await this.deps.roles.resolve(tx, user.orgId, groups);

      let change: LoginUpsertResult['change'] = 'unchanged';
      if (existing === null) change = 'provisioned';
      else if (fieldsChanged || groupsChanged) change = 'updated';
      if (change === 'updated') {
        user.revision += 1;
        user.updatedAt = now;
        await users.save(user);
      }
      if (change !== 'unchanged') {
        await this.deps.outbox.append(
          tx,
          UserChangedV1Definition,
          userChangedEvent(
            user,
            { groups, roles: resolved.roles },
            {
              change,
              source: 'oidc_jit',
              actor: userActor(user),
            },
          ),
        );
      }
      return {
        user: view(user, groups, resolved.roles),
        change,
        sessionLifetimeSeconds: resolved.sessionLifetimeSeconds,
      };
    });
  }

  /** Deactivates a user and ends all their sessions at once. Idempotent. */
  deactivate(userId: string, by: AdminChange, manager?: EntityManager): Promise<DirectoryUser> {
    return this.endAccess(userId, by, 'deactivated', manager);
  }

  /** Deletes a user: personal data is erased, memberships removed, sessions ended. Idempotent. */
  delete(userId: string, by: AdminChange, manager?: EntityManager): Promise<DirectoryUser> {
    return this.endAccess(userId, by, 'deleted', manager);
  }

  async findById(userId: string): Promise<DirectoryUser | undefined> {
    const manager = this.deps.dataSource.manager;
    const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
    if (user === null) return undefined;
    const groups = await groupNamesOf(manager, user.id);
    const resolved = await this.deps.roles.resolve(manager, user.orgId, groups);
    return view(user, groups, resolved.roles);
  }

  private endAccess(
    userId: string,
    by: AdminChange,
    target: 'deactivated' | 'deleted',
    manager: EntityManager | undefined,
  ): Promise<DirectoryUser> {
    return inTransaction(this.deps.dataSource, manager, async (tx) => {
      const users = tx.getRepository(UserEntity);
      const user = await users.findOne({
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (user === null)
        throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `user ${userId} not found`);
      const alreadyDone = user.status === target || user.status === 'deleted';
      if (alreadyDone) return view(user, await groupNamesOf(tx, user.id), []);

      const now = this.deps.clock();
      user.status = target;
      user.revision += 1;
      user.updatedAt = now;
      user.deactivatedAt ??= now;
      if (target === 'deleted') {
        user.email = null;
        user.displayName = null;
        await tx.query('DELETE FROM group_members WHERE user_id = $1', [user.id]);
      }
      await users.save(user);
      const groups = await groupNamesOf(tx, user.id);
      await this.deps.outbox.append(
        tx,
        UserChangedV1Definition,
        userChangedEvent(
          user,
          { groups, roles: [] },
          { change: target, source: by.source, actor: by.actor },
        ),
      );
      await this.deps.revocations.revokeAllForUser(tx, user, {
        reason: target === 'deleted' ? 'user_deleted' : 'user_deactivated',
        actor: by.actor,
      });
      return view(user, groups, []);
    });
  }

  private async unlinkedUserWithEmail(
    tx: EntityManager,
    claims: LoginClaims,
  ): Promise<UserEntity | null> {
    return tx
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where(
        'u.org_id = :orgId AND lower(u.email) = lower(:email) AND u.external_subject IS NULL',
        claims,
      )
      .getOne();
  }

  private async assertEmailFree(
    tx: EntityManager,
    claims: LoginClaims,
    ownId: string | undefined,
  ): Promise<void> {
    const clash = await tx
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.org_id = :orgId AND lower(u.email) = lower(:email)', claims)
      .andWhere(ownId === undefined ? 'TRUE' : 'u.id <> :ownId', { ownId })
      .getOne();
    if (clash !== null) {
      throw new DirectoryError(
        DirectoryErrorCode.EMAIL_TAKEN,
        `another user (${clash.id}) already has this email; fix the duplicate at the IdP or delete the stale user`,
      );
    }
  }
}

function newUser(claims: LoginClaims, now: Date): UserEntity {
  const user = new UserEntity();
  user.id = newId('usr');
  user.orgId = claims.orgId;
  user.teamId = null;
  user.issuer = null;
  user.externalSubject = null;
  user.email = null;
  user.displayName = null;
  user.status = 'active';
  user.revision = 1;
  user.createdAt = now;
  user.updatedAt = now;
  user.deactivatedAt = null;
  return user;
}

/** Copies the login's claims onto the user; true when a stored field changed. */
function applyClaims(user: UserEntity, claims: LoginClaims): boolean {
  const next = {
    issuer: claims.issuer,
    externalSubject: claims.subject,
    email: claims.email,
    displayName: claims.displayName,
    teamId: claims.teamId === undefined ? user.teamId : claims.teamId,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).some(
    (field) => user[field] !== next[field],
  );
  Object.assign(user, next);
  return changed;
}

function view(user: UserEntity, groups: string[], roles: string[]): DirectoryUser {
  return {
    id: user.id,
    orgId: user.orgId,
    teamId: user.teamId,
    email: user.email,
    displayName: user.displayName,
    status: user.status,
    revision: user.revision,
    groups,
    roles,
  };
}
