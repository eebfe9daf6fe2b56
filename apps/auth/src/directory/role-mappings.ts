import { RoleMappingChangedV1Definition, type Actor } from '@gatehouse/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { OutboxWriter } from '../outbox/outbox-writer';
import type { Clock } from './clock';
import { DirectoryError, DirectoryErrorCode } from './directory-error';
import { GroupRoleMappingEntity } from './entities/group-role-mapping.entity';
import { DEFAULT_SESSION_LIFETIME_SECONDS, RoleEntity } from './entities/role.entity';
import { newId } from './ids';

export interface MappingInput {
  orgId: string;
  idpGroup: string;
  roleName: string;
  priority: number;
  actor: Actor;
}

/**
 * Roles and the ordered IdP-group→role mappings. Mapping changes are privilege changes, so each
 * writes `identity.role_mapping_changed` with the role before and after.
 */
export class RoleMappings {
  constructor(
    private readonly deps: { dataSource: DataSource; outbox: OutboxWriter; clock: Clock },
  ) {}

  async createRole(input: {
    name: string;
    description?: string;
    sessionLifetimeSeconds?: number;
  }): Promise<RoleEntity> {
    const repository = this.deps.dataSource.getRepository(RoleEntity);
    if (await repository.existsBy({ name: input.name })) {
      throw new DirectoryError(DirectoryErrorCode.DUPLICATE, `role "${input.name}" already exists`);
    }
    const role = repository.create({
      id: newId('rol'),
      name: input.name,
      description: input.description ?? '',
      sessionLifetimeSeconds: input.sessionLifetimeSeconds ?? DEFAULT_SESSION_LIFETIME_SECONDS,
      createdAt: this.deps.clock(),
    });
    await repository.insert(role);
    return role;
  }

  createMapping(input: MappingInput): Promise<GroupRoleMappingEntity> {
    return this.deps.dataSource.transaction(async (tx) => {
      const role = await this.roleNamed(tx, input.roleName);
      const repository = tx.getRepository(GroupRoleMappingEntity);
      if (
        await repository.existsBy({ orgId: input.orgId, idpGroup: input.idpGroup, roleId: role.id })
      ) {
        throw new DirectoryError(
          DirectoryErrorCode.DUPLICATE,
          `group "${input.idpGroup}" already maps to "${role.name}"`,
        );
      }
      const now = this.deps.clock();
      const mapping = repository.create({
        id: newId('map'),
        orgId: input.orgId,
        idpGroup: input.idpGroup,
        roleId: role.id,
        priority: input.priority,
        createdAt: now,
        updatedAt: now,
      });
      await repository.insert(mapping);
      await this.publish(tx, mapping, {
        change: 'created',
        role: role.name,
        previousRole: null,
        actor: input.actor,
      });
      return mapping;
    });
  }

  updateMapping(
    mappingId: string,
    input: { roleName: string; priority: number; actor: Actor },
  ): Promise<GroupRoleMappingEntity> {
    return this.deps.dataSource.transaction(async (tx) => {
      const mapping = await this.lockedMapping(tx, mappingId);
      const previous = await tx.getRepository(RoleEntity).findOneByOrFail({ id: mapping.roleId });
      const role = await this.roleNamed(tx, input.roleName);
      mapping.roleId = role.id;
      mapping.priority = input.priority;
      mapping.updatedAt = this.deps.clock();
      await tx.getRepository(GroupRoleMappingEntity).save(mapping);
      await this.publish(tx, mapping, {
        change: 'updated',
        role: role.name,
        previousRole: previous.name,
        actor: input.actor,
      });
      return mapping;
    });
  }

  deleteMapping(mappingId: string, actor: Actor): Promise<void> {
    return this.deps.dataSource.transaction(async (tx) => {
      const mapping = await this.lockedMapping(tx, mappingId);
      const previous = await tx.getRepository(RoleEntity).findOneByOrFail({ id: mapping.roleId });
      await tx.getRepository(GroupRoleMappingEntity).delete({ id: mapping.id });
      await this.publish(tx, mapping, {
        change: 'deleted',
        role: null,
        previousRole: previous.name,
        actor,
      });
    });
  }

  private async publish(
    tx: EntityManager,
    mapping: GroupRoleMappingEntity,
    change: {
      change: 'created' | 'updated' | 'deleted';
      role: string | null;
      previousRole: string | null;
      actor: Actor;
    },
  ): Promise<void> {
    await this.deps.outbox.append(tx, RoleMappingChangedV1Definition, {
      type: 'identity.role_mapping_changed',
      version: 1,
      id: newId('evt'),
      occurredAt: this.deps.clock().toISOString(),
      mappingId: mapping.id,
      orgId: mapping.orgId,
      idpGroup: mapping.idpGroup,
      ...change,
    });
  }

  private async roleNamed(tx: EntityManager, name: string): Promise<RoleEntity> {
    const role = await tx.getRepository(RoleEntity).findOneBy({ name });
    if (role === null)
      throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `role "${name}" does not exist`);
    return role;
  }

  private async lockedMapping(tx: EntityManager, id: string): Promise<GroupRoleMappingEntity> {
    const mapping = await tx
      .getRepository(GroupRoleMappingEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (mapping === null)
      throw new DirectoryError(DirectoryErrorCode.NOT_FOUND, `role mapping ${id} not found`);
    return mapping;
  }
}
