import type { Actor } from '@gatehouse/contracts';
import type { DataSource } from 'typeorm';
import type { AuthDirectory } from '../directory/auth-directory';
import type { Clock } from '../directory/clock';
import type { RoleResolver } from '../directory/role-resolver';

/** What the SCIM stores share: the auth database, the directory services, and who acts. */
export interface ScimStoreDeps {
  dataSource: DataSource;
  directory: AuthDirectory;
  /** The tenant SCIM provisions into (one per deployment for now). */
  orgId: string;
  clock: Clock;
  /** `{ type: 'scim', id: <client> }` on every event SCIM causes. */
  actor: Actor;
  roles: RoleResolver;
}

/** One page of a list: RFC 7644 `startIndex` is 1-based. */
export interface ScimPage<T> {
  totalResults: number;
  startIndex: number;
  resources: T[];
}

export interface ScimPageRequest {
  startIndex: number;
  count: number;
}
