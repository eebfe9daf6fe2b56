import { DeviceAuthorizationEntity } from '../device/device-authorization.entity';
import { LoginTransactionEntity } from '../login/login-transaction.entity';
import { GroupMemberEntity } from '../directory/entities/group-member.entity';
import { GroupRoleMappingEntity } from '../directory/entities/group-role-mapping.entity';
import { GroupEntity } from '../directory/entities/group.entity';
import { RefreshTokenEntity } from '../directory/entities/refresh-token.entity';
import { RoleEntity } from '../directory/entities/role.entity';
import { ServiceAccountKeyEntity } from '../directory/entities/service-account-key.entity';
import { ServiceAccountEntity } from '../directory/entities/service-account.entity';
import { SessionEntity } from '../directory/entities/session.entity';
import { SigningKeyEntity } from '../directory/entities/signing-key.entity';
import { UserEntity } from '../directory/entities/user.entity';
import { OutboxRowEntity } from '../outbox/outbox-row.entity';
import { ManagedSettingsPolicyEntity } from '../policy/entities/managed-settings-policy.entity';
import { ManagedSettingsVersionEntity } from '../policy/entities/managed-settings-version.entity';

/** Every entity of the auth schema, listed explicitly (no globs: files run through swc). */
export const AUTH_ENTITIES = [
  UserEntity,
  GroupEntity,
  GroupMemberEntity,
  RoleEntity,
  GroupRoleMappingEntity,
  SessionEntity,
  RefreshTokenEntity,
  ServiceAccountEntity,
  ServiceAccountKeyEntity,
  SigningKeyEntity,
  OutboxRowEntity,
  ManagedSettingsPolicyEntity,
  ManagedSettingsVersionEntity,
  LoginTransactionEntity,
  DeviceAuthorizationEntity,
];
