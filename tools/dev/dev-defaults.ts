import { defaultDevSignerDir, devSignerJwksPath, TestTokenSigner } from '@gatehouse/access-token';
import { processPort, UPSTREAM_SIMULATOR, type LocalProcess } from './services';

/**
 * What `npm start` adds when the environment configures nothing else, so a fresh machine gets a
 * working gateway: the upstream simulator instead of the Anthropic API (no key on the machine),
 * and the dev token signer instead of the auth service's JWKS. Anything the caller configured
 * wins; these defaults only fill gaps, and each one is announced.
 */
export interface DevSetup {
  readonly env: Record<string, string>;
  readonly extraProcesses: readonly LocalProcess[];
  readonly notes: readonly string[];
}

/** Not a secret: the key the local simulator expects from the proxy. */
const SIMULATOR_KEY = 'gatehouse-dev-simulator-key';

export async function devDefaults(env: NodeJS.ProcessEnv): Promise<DevSetup> {
  const added: Record<string, string> = {};
  const extraProcesses: LocalProcess[] = [];
  const notes: string[] = [];

  if (!env.UPSTREAM_ANTHROPIC_API_KEY && !env.GATEHOUSE_ROUTES_FILE) {
    const port = processPort(UPSTREAM_SIMULATOR, env);
    extraProcesses.push(UPSTREAM_SIMULATOR);
    added.MOCK_API_KEY = SIMULATOR_KEY;
    added.UPSTREAM_ANTHROPIC_BASE_URL = `http://127.0.0.1:${port}`;
    added.UPSTREAM_ANTHROPIC_API_KEY = SIMULATOR_KEY;
    notes.push(
      'No upstream configured (UPSTREAM_ANTHROPIC_API_KEY or GATEHOUSE_ROUTES_FILE): the proxy talks to the local simulator.',
    );
  }

  if (!env.GATEHOUSE_JWKS_URL && !env.GATEHOUSE_JWKS_FILE) {
    const dir = defaultDevSignerDir();
    await TestTokenSigner.loadOrCreate(dir);
    added.GATEHOUSE_JWKS_FILE = devSignerJwksPath(dir);
    notes.push(
      "Tokens come from the dev signer (docs/dev-test-signer.md). Mint one for Claude Code's apiKeyHelper:\n" +
        '    node -r @swc-node/register libs/access-token/src/dev/mint-dev-token.ts --sub usr_dev_alice --email alice@example.com --org org_dev --team team_dev --roles developer',
    );
  }

  return { env: added, extraProcesses, notes };
}
