import { workspaceRoot } from '@gatehouse/config';
import path from 'node:path';
import { z } from 'zod';
import { DevIdpError, DevIdpErrorCode } from './errors';
import { DevIdpFaultsSchema, NO_FAULTS, type DevIdpFaults } from './faults';
import { defaultClients, defaultUsers } from './seed/default-seed';
import { parseClients, parseUsers, type DevIdpClient, type DevIdpUser } from './seed/seed-schema';

export const DEFAULT_PORT = 4200;
export const DEFAULT_HOST = '127.0.0.1';
/** Next to the rest of the local stack's state, so keys survive restarts of `npm start`. */
export const DEFAULT_KEYS_DIR = path.join(workspaceRoot() ?? process.cwd(), '.gatehouse', 'dev-idp');

/** Everything the server needs, fully validated. The issuer is derived: `http://<host>:<port>`. */
export interface DevIdpServerConfig {
  host: string;
  /** 0 picks a free port; the issuer then uses the port actually bound. */
  port: number;
  users: DevIdpUser[];
  clients: DevIdpClient[];
  faults: DevIdpFaults;
  /** Where the signing key is kept between runs; undefined keeps keys in memory only. */
  keysDir: string | undefined;
}

/**
 * The JSON config file (`--config`, `DEV_IDP_CONFIG_FILE`) that tests and `startDevIdp` hand to a
 * child process. Every field is optional; missing ones fall back to the seed.
 */
export const DevIdpConfigFileSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().min(1).optional(),
  users: z.unknown().optional(),
  clients: z.unknown().optional(),
  extraRedirectUris: z.array(z.url()).optional(),
  faults: DevIdpFaultsSchema.optional(),
  keysDir: z.string().min(1).nullable().optional(),
});
export type DevIdpConfigFile = z.infer<typeof DevIdpConfigFileSchema>;

export interface DevIdpCliFlags {
  port?: number;
  host?: string;
  config?: string;
  users?: string;
  clients?: string;
  redirectUri?: string[];
  dropGroups?: boolean;
  keysDir?: string;
  /** commander's `--no-persist-keys` */
  persistKeys?: boolean;
}

export interface ResolveInputs {
  flags: DevIdpCliFlags;
  env: NodeJS.ProcessEnv;
  /** Injected so resolution stays testable without files. */
  readJson: (file: string) => unknown;
}

function parsePort(value: string | number, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DevIdpError(
      DevIdpErrorCode.InvalidOptions,
      `${source} must be a port number, got ${value}`,
    );
  }
  return port;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function readConfigFile(inputs: ResolveInputs): DevIdpConfigFile {
  const file = inputs.flags.config ?? inputs.env.DEV_IDP_CONFIG_FILE;
  if (!file) return {};
  const parsed = DevIdpConfigFileSchema.safeParse(inputs.readJson(file));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DevIdpError(DevIdpErrorCode.InvalidOptions, `${file}: ${issues}`);
  }
  return parsed.data;
}

/** Flags win over environment variables, which win over the config file, which wins over defaults. */
export function resolveServerConfig(inputs: ResolveInputs): DevIdpServerConfig {
  const { flags, env } = inputs;
  const file = readConfigFile(inputs);

  const envPort = env.DEV_IDP_PORT ? parsePort(env.DEV_IDP_PORT, 'DEV_IDP_PORT') : undefined;
  const port =
    flags.port !== undefined
      ? parsePort(flags.port, '--port')
      : (envPort ?? file.port ?? DEFAULT_PORT);

  const usersFile = flags.users ?? env.DEV_IDP_USERS_FILE;
  const users = usersFile
    ? parseUsers(inputs.readJson(usersFile), usersFile)
    : file.users !== undefined
      ? parseUsers(file.users, 'config users')
      : defaultUsers();

  const extraRedirectUris = [
    ...(file.extraRedirectUris ?? []),
    ...splitList(env.DEV_IDP_EXTRA_REDIRECT_URIS),
    ...(flags.redirectUri ?? []),
  ];
  const clientsFile = flags.clients ?? env.DEV_IDP_CLIENTS_FILE;
  const clients = clientsFile
    ? parseClients(inputs.readJson(clientsFile), clientsFile)
    : file.clients !== undefined
      ? parseClients(file.clients, 'config clients')
      : defaultClients(extraRedirectUris);

  const dropGroups = flags.dropGroups === true || env.DEV_IDP_DROP_GROUPS === '1';
  const faults = { ...NO_FAULTS, ...file.faults };
  if (dropGroups) faults.dropGroupsClaim = true;

  const keysDir =
    flags.persistKeys === false
      ? undefined
      : (flags.keysDir ??
        env.DEV_IDP_KEYS_DIR ??
        (file.keysDir === null ? undefined : (file.keysDir ?? DEFAULT_KEYS_DIR)));

  return {
    host: flags.host ?? env.DEV_IDP_HOST ?? file.host ?? DEFAULT_HOST,
    port,
    users,
    clients,
    faults,
    keysDir,
  };
}
