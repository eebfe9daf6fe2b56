import type { JwksSource } from '../jwks-source';
import { staticJwks } from '../jwks-source';
import { TestTokenSigner } from './test-token-signer';
import { devSignerJwksPath, defaultDevSignerDir } from './dev-signer-files';

/**
 * The key source a proxy uses when started with `GATEHOUSE_DEV_SIGNER=1`: the dev signer's public
 * key, creating the key pair under `dir` when no one has yet, so the proxy and the CLI that mints
 * tokens always share one key through the files.
 */
export async function devSignerJwks(dir: string = defaultDevSignerDir()): Promise<JwksSource> {
  const signer = await TestTokenSigner.loadOrCreate(dir);
  return staticJwks(signer.jwks(), devSignerJwksPath(dir));
}
