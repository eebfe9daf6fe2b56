import type { DataSource } from 'typeorm';
import { schemaOf } from '../database/auth-data-source';
import { OutboxWriter } from '../outbox/outbox-writer';
import { systemClock, type Clock } from './clock';
import type { KeyEncryption } from './key-encryption';
import { RoleMappings } from './role-mappings';
import { RoleResolver } from './role-resolver';
import { ServiceAccountKeys } from './service-account-keys';
import { ServiceAccounts } from './service-accounts';
import { SessionRevocations } from './session-revocations';
import { SessionStore } from './session-store';
import { SigningKeyStore } from './signing-key-store';
import { UserDirectory } from './user-directory';

export interface AuthDirectoryOptions {
  dataSource: DataSource;
  clock?: Clock;
  /** Longest access-token lifetime plus skew; how long proxies must remember a revocation. */
  revocationHorizonMs?: number;
  refreshTokenTtlMs?: number;
  /** Session lifetime for users whom no mapping grants a role. */
  defaultSessionLifetimeSeconds?: number;
  /** From AUTH_KEY_ENCRYPTION_KEY; without it there is no signing key store. */
  keyEncryption?: KeyEncryption;
}

export interface AuthDirectory {
  outbox: OutboxWriter;
  users: UserDirectory;
  sessions: SessionStore;
  roleMappings: RoleMappings;
  serviceAccounts: ServiceAccounts;
  serviceAccountKeys: ServiceAccountKeys;
  signingKeys: SigningKeyStore | undefined;
}

/** The directory services over one DataSource, sharing one outbox writer and clock. */
export function createAuthDirectory(options: AuthDirectoryOptions): AuthDirectory {
  const { dataSource } = options;
  const clock = options.clock ?? systemClock;
  const outbox = new OutboxWriter(schemaOf(dataSource));
  const revocations = new SessionRevocations({
    outbox,
    clock,
    revocationHorizonMs: options.revocationHorizonMs,
  });
  const roles = new RoleResolver(options.defaultSessionLifetimeSeconds);
  return {
    outbox,
    users: new UserDirectory({ dataSource, outbox, roles, revocations, clock }),
    sessions: new SessionStore({
      dataSource,
      outbox,
      revocations,
      clock,
      refreshTokenTtlMs: options.refreshTokenTtlMs,
    }),
    roleMappings: new RoleMappings({ dataSource, outbox, clock }),
    serviceAccounts: new ServiceAccounts({ dataSource, clock }),
    serviceAccountKeys: new ServiceAccountKeys({ dataSource, outbox, clock }),
    signingKeys:
      options.keyEncryption === undefined
        ? undefined
        : new SigningKeyStore({ dataSource, outbox, encryption: options.keyEncryption, clock }),
  };
}
