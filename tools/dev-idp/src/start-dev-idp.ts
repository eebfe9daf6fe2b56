import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childLauncher } from './child-launcher';
import { mergeFaults, NO_FAULTS, type DevIdpFaults, type DevIdpFaultsInput } from './faults';
import { inProcessLauncher } from './in-process-launcher';
import type { LaunchedDevIdp, Launcher } from './launchers';
import { DEFAULT_HOST, type DevIdpServerConfig } from './options';
import { defaultClients, defaultUsers } from './seed/default-seed';
import {
  parseClients,
  parseUsers,
  type DevIdpClient,
  type DevIdpClientInput,
  type DevIdpUser,
  type DevIdpUserInput,
} from './seed/seed-schema';

export interface StartDevIdpOptions {
  /** Default 0: a free port, so parallel test files never collide. Restarts reuse the bound port. */
  port?: number;
  host?: string;
  /** Replaces the seeded users (tools/dev-idp/src/seed/users.json). */
  users?: DevIdpUserInput[];
  /** Replaces the seeded `gatehouse-dev` client. */
  clients?: DevIdpClientInput[];
  /** Added to `gatehouse-dev`'s redirect URIs when `clients` is not given. */
  extraRedirectUris?: string[];
  faults?: DevIdpFaultsInput;
  /** Where the signing key persists; default a temporary directory removed by close(). */
  keysDir?: string;
  /** Run inside this process (plain Node only, not jest). Default: a child process. */
  inProcess?: boolean;
  startTimeoutMs?: number;
}

export interface DevIdpHandle {
  readonly issuer: string;
  readonly port: number;
  readonly discoveryUrl: string;
  readonly users: readonly DevIdpUser[];
  readonly clients: readonly DevIdpClient[];
  /** Takes the IdP down (connections refused). Signing keys survive; sessions and refresh tokens do not. */
  stop(): Promise<void>;
  /** Brings it back on the same port with the same keys and faults. */
  start(): Promise<void>;
  isRunning(): boolean;
  /** Partial update of the fault knobs; applies to the next request. */
  setFaults(update: Partial<DevIdpFaultsInput>): Promise<DevIdpFaults>;
  faults(): DevIdpFaults;
  /** Stops the IdP and removes the temporary directory. */
  close(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 30_000;

function baseConfig(options: StartDevIdpOptions, keysDir: string): DevIdpServerConfig {
  return {
    host: options.host ?? DEFAULT_HOST,
    port: options.port ?? 0,
    users: options.users ? parseUsers(options.users, 'startDevIdp users') : defaultUsers(),
    clients: options.clients
      ? parseClients(options.clients, 'startDevIdp clients')
      : defaultClients(options.extraRedirectUris),
    faults: mergeFaults(NO_FAULTS, options.faults ?? {}),
    keysDir,
  };
}

/**
 * Starts a dev IdP for a test or a tool and returns a handle to drive it. Seed and options are
 * validated here, before anything starts, so a bad fixture fails with the field that is wrong.
 */
export async function startDevIdp(options: StartDevIdpOptions = {}): Promise<DevIdpHandle> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-dev-idp-'));
  let config: DevIdpServerConfig;
  try {
    config = baseConfig(options, options.keysDir ?? path.join(workDir, 'keys'));
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const launch: Launcher = options.inProcess
    ? inProcessLauncher()
    : childLauncher({
        configFile: path.join(workDir, 'config.json'),
        startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      });

  let running: LaunchedDevIdp | undefined;
  try {
    running = await launch(config);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  const { issuer, port } = running;
  config = { ...config, port };

  return {
    issuer,
    port,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    users: config.users,
    clients: config.clients,
    isRunning: () => running !== undefined,
    faults: () => config.faults,
    async stop() {
      const current = running;
      running = undefined;
      await current?.close();
    },
    async start() {
      if (running) return;
      running = await launch(config);
    },
    async setFaults(update) {
      const next = mergeFaults(config.faults, update);
      if (running) await running.setFaults(next);
      config = { ...config, faults: next };
      return next;
    },
    async close() {
      const current = running;
      running = undefined;
      await current?.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
