import { Command, InvalidArgumentError } from 'commander';
import { GATEWAY_AUDIENCE, type AccessTokenClaims } from '../access-token-claims';
import { AccessTokenError } from '../access-token-error';
import { defaultDevSignerDir } from './dev-signer-files';
import { DEV_ISSUER, TestTokenSigner } from './test-token-signer';

/*
 * Prints a dev access token signed by the dev signer (docs/dev-test-signer.md). It prints only the
 * token, so it works as Claude Code's `apiKeyHelper`:
 *   node -r @swc-node/register libs/access-token/src/dev/mint-dev-token.ts --sub usr_dev_alice \
 *     --email alice@example.com --org org_dev --team team_dev --roles developer
 */

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('expected a whole number of seconds > 0');
  }
  return parsed;
}

interface MintOptions {
  sub: string;
  sid?: string;
  email?: string;
  name?: string;
  org: string;
  team?: string;
  roles: string[];
  groups: string[];
  principalType: 'user' | 'service_account';
  billingGroupTag?: string;
  expiresIn: number;
  iss: string;
  aud: string;
  dir: string;
  jwks?: boolean;
}

export function buildMintCommand(): Command {
  return new Command('mint-dev-token')
    .description('Print a Gatehouse access token signed by the local dev signer.')
    .option('--sub <id>', 'user or service account id', 'usr_dev_alice')
    .option('--sid <id>', 'session id (default: a fresh one per token)')
    .option('--email <email>', 'email claim')
    .option('--name <name>', 'display name claim')
    .option('--org <id>', 'organisation id', 'org_dev')
    .option('--team <id>', 'team id')
    .option('--roles <list>', 'comma-separated Gatehouse roles', list, ['developer'])
    .option('--groups <list>', 'comma-separated IdP groups', list, [])
    .option('--principal-type <type>', 'user or service_account', 'user')
    .option('--billing-group-tag <name>', 'billing_group_tag claim')
    .option('--expires-in <seconds>', 'lifetime in seconds', seconds, 900)
    .option('--iss <url>', 'issuer', DEV_ISSUER)
    .option('--aud <audience>', 'audience', GATEWAY_AUDIENCE)
    .option('--dir <path>', 'dev signer directory', defaultDevSignerDir())
    .option('--jwks', 'print the public JWKS instead of a token');
}

export async function mintDevToken(argv: readonly string[]): Promise<string> {
  const options = buildMintCommand()
    .parse([...argv], { from: 'user' })
    .opts<MintOptions>();
  const signer = await TestTokenSigner.loadOrCreate(options.dir, {
    issuer: options.iss,
    audience: options.aud,
  });
  if (options.jwks === true) return JSON.stringify(signer.jwks(), null, 2);
  const claims: Partial<AccessTokenClaims> = {
    sub: options.sub,
    org: options.org,
    roles: options.roles,
    groups: options.groups,
    principal_type: options.principalType,
    ...(options.sid === undefined ? {} : { sid: options.sid }),
    ...(options.email === undefined ? {} : { email: options.email }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.team === undefined ? {} : { team: options.team }),
    ...(options.billingGroupTag === undefined
      ? {}
      : { billing_group_tag: options.billingGroupTag }),
  };
  return signer.sign(claims, { expiresInSec: options.expiresIn });
}

if (require.main === module) {
  mintDevToken(process.argv.slice(2)).then(
    (output) => process.stdout.write(`${output}\n`),
    (error: unknown) => {
      const message = error instanceof AccessTokenError ? error.message : String(error);
      process.stderr.write(`mint-dev-token: ${message}\n`);
      process.exitCode = 1;
    },
  );
}
