import { AccessTokenVerifier } from '../access-token-verifier';
import { TestTokenSigner } from '../dev/test-token-signer';
import { staticJwks } from '../jwks-source';
import { RevocationList } from '../revocation-list';

/*
 * Micro-benchmark of AccessTokenVerifier.verify on one core: a repeated token (cache hit, plus the
 * revocation check) and a token verified in full every time (cache off: key lookup, ES256 signature,
 * claims). Reported, not asserted:
 *   node -r @swc-node/register libs/access-token/src/bench/verify-throughput.ts
 */

async function measure(
  name: string,
  iterations: number,
  run: () => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < Math.min(1_000, iterations); i += 1) await run();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) await run();
  const elapsedNs = Number(process.hrtime.bigint() - started);
  const perSecond = Math.round(iterations / (elapsedNs / 1e9));
  const microseconds = (elapsedNs / iterations / 1_000).toFixed(2);
  process.stdout.write(
    `${name.padEnd(34)} ${String(perSecond).padStart(9)} verify/s  ${microseconds} µs/op\n`,
  );
}

async function main(): Promise<void> {
  const signer = await TestTokenSigner.generate();
  const keys = staticJwks(signer.jwks());
  const revocations = new RevocationList();
  const issuer = 'http://127.0.0.1:4001';
  const token = await signer.sign({
    email: 'alice@example.com',
    groups: ['eng'],
    team: 'team_dev',
  });
  const cached = new AccessTokenVerifier({ issuer, keys, revocations });
  const uncached = new AccessTokenVerifier({ issuer, keys, revocations, cache: false });
  for (const verifier of [cached, uncached]) {
    const result = await verifier.verify(token);
    if (!result.ok) throw new Error(`bench token rejected: ${result.reason}`);
  }
  await measure('cached token (same token)', 200_000, () => cached.verify(token));
  await measure('uncached token (full ES256 verify)', 5_000, () => uncached.verify(token));
}

void main();
