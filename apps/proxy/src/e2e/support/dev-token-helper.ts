import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './repo-root';

/** Who the helper's tokens are for; the same claims end up in the usage events. */
export interface DevTokenIdentity {
  readonly sub: string;
  readonly org: string;
  readonly team: string;
  readonly email: string;
}

export interface DevTokenHelperOptions {
  /** Folder the script is written to (a test's temp dir). */
  readonly dir: string;
  /** Dev signer folder (`--dir` of mint-dev-token); the proxy trusts its `jwks.json`. */
  readonly signerDir: string;
  readonly identity: DevTokenIdentity;
}

const MINT_ENTRY = 'libs/access-token/src/dev/mint-dev-token.ts';

/** POSIX single quoting, so paths with spaces or quotes survive the shell. */
function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Writes the shell script Claude Code runs as its `apiKeyHelper`: the documented dev-token CLI
 * (docs/dev-test-signer.md), which prints only the token. It uses this test's Node binary by
 * absolute path because Claude Code passes the helper a reduced environment, and sets
 * SWC_NODE_PROJECT itself for the same reason. Returns the command to put in settings.json.
 */
export async function writeDevTokenHelper(options: DevTokenHelperOptions): Promise<string> {
  const { identity } = options;
  const args = [
    '--dir',
    options.signerDir,
    '--sub',
    identity.sub,
    '--org',
    identity.org,
    '--team',
    identity.team,
    '--email',
    identity.email,
    '--roles',
    'developer',
  ];
  const script = [
    '#!/bin/sh',
    `cd ${quote(REPO_ROOT)} || exit 1`,
    `SWC_NODE_PROJECT=tsconfig.base.json exec ${quote(process.execPath)} -r @swc-node/register ${MINT_ENTRY} ${args.map(quote).join(' ')}`,
    '',
  ].join('\n');
  const file = path.join(options.dir, 'gatehouse-token-helper.sh');
  await writeFile(file, script);
  await chmod(file, 0o755);
  return quote(file);
}
