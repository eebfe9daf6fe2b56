import type { CliIo } from '../cli-io';
import type { CredentialContext } from '../credentials/credential-context';

/**
 * `gatehouse token`: the access token on stdout and nothing else, because Claude Code uses the
 * whole stdout of its `apiKeyHelper` as the key.
 */
export async function runToken(io: CliIo, context: CredentialContext): Promise<void> {
  io.out(await context.tokens.accessToken());
}
