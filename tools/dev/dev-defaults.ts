import { defaultDevSignerDir, devSignerJwksPath, TestTokenSigner } from '@gatehouse/access-token';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  DEV_IDP,
  LOCAL_SERVICES,
  processPort,
  UPSTREAM_SIMULATOR,
  type LocalProcess,
} from './services';

/**
 * What `npm start` adds when the environment configures nothing else, so a fresh machine gets a
 * working gateway: the upstream simulator instead of the Anthropic API (no key on the machine),
 * the development IdP instead of the corporate one, a persisted development key for the auth
 * service's signing keys, and the dev token signer next to the auth service's JWKS. Anything the
 * caller configured wins; these defaults only fill gaps, and each one is announced.
 */
export interface DevSetup {
  readonly env: Record<string, string>;
  readonly extraProcesses: readonly LocalProcess[];
  readonly notes: readonly string[];
}

/** Not secrets: the values the local simulator and the development IdP expect. */
const SIMULATOR_KEY = 'gatehouse-dev-simulator-key';
const DEV_IDP_CLIENT = { id: 'gatehouse-dev', secret: 'dev-secret' };

export async function devDefaults(env: NodeJS.ProcessEnv): Promise<DevSetup> {
  const added: Record<string, string> = {};
  const extraProcesses: LocalProcess[] = [];
  const notes: string[] = [];
  const url = (local: LocalProcess) => `http://127.0.0.1:${processPort(local, env)}`;
  const auth = LOCAL_SERVICES.find((local) => local.name === 'auth') as LocalProcess;

  if (!env.UPSTREAM_ANTHROPIC_API_KEY && !env.GATEHOUSE_ROUTES_FILE) {
    extraProcesses.push(UPSTREAM_SIMULATOR);
    added.MOCK_API_KEY = SIMULATOR_KEY;
    added.UPSTREAM_ANTHROPIC_BASE_URL = url(UPSTREAM_SIMULATOR);
    added.UPSTREAM_ANTHROPIC_API_KEY = SIMULATOR_KEY;
    notes.push(
      'No upstream configured (UPSTREAM_ANTHROPIC_API_KEY or GATEHOUSE_ROUTES_FILE): the proxy talks to the local simulator.',
    );
  }

  // Tokens name the auth service as issuer; proxies expect that same issuer.
  const authUrl = env.AUTH_PUBLIC_URL ?? url(auth);
  if (!env.AUTH_PUBLIC_URL) added.AUTH_PUBLIC_URL = authUrl;
  if (!env.GATEHOUSE_TOKEN_ISSUER) added.GATEHOUSE_TOKEN_ISSUER = authUrl;
  // The proxy serves the auth service's paths too (one gateway origin for Claude Code).
  if (!env.AUTH_SERVICE_URL) added.AUTH_SERVICE_URL = url(auth);

  if (!env.OIDC_ISSUER) {
    extraProcesses.push(DEV_IDP);
    added.OIDC_ISSUER = url(DEV_IDP);
    added.DEV_IDP_EXTRA_REDIRECT_URIS = `${authUrl}/auth/callback`;
    added.OIDC_CLIENT_ID = DEV_IDP_CLIENT.id;
    added.OIDC_CLIENT_SECRET = DEV_IDP_CLIENT.secret;
    notes.push(
      `No OIDC_ISSUER: sign-in goes to the development IdP at ${url(DEV_IDP)} (users in tools/dev-idp/README.md).`,
    );
  }

  if (!env.AUTH_KEY_ENCRYPTION_KEY) {
    const key = developmentKey(env);
    added.AUTH_KEY_ENCRYPTION_KEY = key.value;
    notes.push(
      `No AUTH_KEY_ENCRYPTION_KEY: signing keys are encrypted with a development key kept in ${key.file}.`,
    );
  }

  if (!env.GATEHOUSE_JWKS_URL && !env.GATEHOUSE_JWKS_FILE) {
    const dir = defaultDevSignerDir();
    await TestTokenSigner.loadOrCreate(dir);
    added.GATEHOUSE_JWKS_URL = `${url(auth)}/.well-known/jwks.json`;
    added.GATEHOUSE_JWKS_FILE = devSignerJwksPath(dir);
    notes.push(
      'The proxy accepts tokens from the auth service (gatehouse login / Claude Code /login) and from the dev signer:\n' +
        '    node -r @swc-node/register libs/access-token/src/dev/mint-dev-token.ts --sub usr_dev_alice --email alice@example.com --org org_dev --team team_dev --roles developer',
    );
  }

  return { env: added, extraProcesses, notes };
}

/**
 * 32 random bytes, base64, created once (0600) and kept with the database it protects: every
 * checkout on this machine that uses the same DATABASE_URL must decrypt the same stored signing
 * keys, so the file lives in the user's data directory, keyed by a hash of that URL.
 */
function developmentKey(env: NodeJS.ProcessEnv): { file: string; value: string } {
  const dataHome = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  const database = createHash('sha256')
    .update(env.DATABASE_URL ?? 'no-database-url')
    .digest('hex')
    .slice(0, 16);
  const dir = join(dataHome, 'gatehouse', 'dev-keys', database);
  const file = join(dir, 'auth-key-encryption-key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another `npm start` created it first; use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { file, value: readFileSync(file, 'utf8').trim() };
}
