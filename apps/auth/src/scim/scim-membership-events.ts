import { UserChangedV1Definition } from '@gatehouse/contracts';
import type { EntityManager } from 'typeorm';
import { UserEntity } from '../directory/entities/user.entity';
import { groupNamesOf } from '../directory/group-sync';
import { userChangedEvent } from '../directory/user-changed-event';
import type { ScimStoreDeps } from './scim-store-deps';

/**
 * Writes `identity.user_changed` (full state: groups and the roles they map to) for every user
 * whose groups changed, in the caller's transaction. Proxies and budget learn role changes from
 * this topic, so a membership change without it would leave them granting stale roles. Users
 * are locked in id order so two concurrent group changes cannot deadlock on them.
 */
export async function publishMembershipChanges(
  tx: EntityManager,
  deps: Pick<ScimStoreDeps, 'directory' | 'roles' | 'clock' | 'actor'>,
  userIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(userIds)].sort();
  const now = deps.clock();
  const users = tx.getRepository(UserEntity);
  for (const id of ids) {
    const user = await users.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (user === null || user.status === 'deleted') continue;
    user.revision += 1;
    user.updatedAt = now;
    await users.save(user);
    const groups = await groupNamesOf(tx, user.id);
    const roles =
      user.status === 'active' ? (await deps.roles.resolve(tx, user.orgId, groups)).roles : [];
    await deps.directory.outbox.append(
      tx,
      UserChangedV1Definition,
      userChangedEvent(
        user,
        { groups, roles },
        { change: 'updated', source: 'scim', actor: deps.actor },
      ),
    );
  }
}
