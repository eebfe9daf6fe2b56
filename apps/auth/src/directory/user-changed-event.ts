import type { Actor, UserChangedV1 } from '@gatehouse/contracts';
import type { UserEntity } from './entities/user.entity';
import { newId } from './ids';

export interface UserChange {
  change: UserChangedV1['change'];
  source: UserChangedV1['source'];
  actor: Actor;
}

/**
 * The full state of a user after a change (the topic is compacted, so no diffs). A deleted
 * user's event carries no personal data, as the contract requires.
 */
export function userChangedEvent(
  user: UserEntity,
  membership: { groups: readonly string[]; roles: readonly string[] },
  change: UserChange,
): UserChangedV1 {
  const erased = user.status === 'deleted';
  return {
    type: 'identity.user_changed',
    version: 1,
    id: newId('evt'),
    occurredAt: user.updatedAt.toISOString(),
    userId: user.id,
    orgId: user.orgId,
    change: change.change,
    source: change.source,
    actor: change.actor,
    revision: user.revision,
    status: user.status,
    externalId: erased ? null : user.externalSubject,
    email: erased ? null : user.email,
    displayName: erased ? null : user.displayName,
    teamIds: user.teamId === null ? [] : [user.teamId],
    groups: erased ? [] : [...membership.groups],
    roles: erased ? [] : [...membership.roles],
  };
}
