import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DevIdpError, DevIdpErrorCode } from './errors';

const PrivateRsaJwkSchema = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  alg: z.literal('RS256'),
  use: z.literal('sig'),
  n: z.string(),
  e: z.string(),
  d: z.string(),
});
export type PrivateRsaJwk = z.infer<typeof PrivateRsaJwkSchema>;

const SecretsFileSchema = z.strictObject({
  signingKey: PrivateRsaJwkSchema,
  cookieKeys: z.array(z.string().min(32)).min(1),
  csrfSecret: z.string().min(32),
});
export type DevIdpSecrets = z.infer<typeof SecretsFileSchema>;

export const SECRETS_FILE = 'secrets.json';

/** RFC 7638 thumbprint, so the `kid` is stable for a key and differs between keys. */
function rsaThumbprint(jwk: { e: string; n: string }): string {
  return createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
    .digest('base64url');
}

export function generateSecrets(): DevIdpSecrets {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  const signingKey = PrivateRsaJwkSchema.parse({
    ...jwk,
    kid: rsaThumbprint({ e: jwk.e ?? '', n: jwk.n ?? '' }),
    alg: 'RS256',
    use: 'sig',
  });
  return {
    signingKey,
    cookieKeys: [randomBytes(32).toString('base64url')],
    csrfSecret: randomBytes(32).toString('base64url'),
  };
}

/**
 * Reuses the signing key from `dir` when one is there, so ID tokens issued before a restart still
 * verify against the JWKS that relying parties cached; otherwise writes a new one (mode 0600).
 * Without `dir` the keys live only as long as the process.
 */
export function loadOrCreateSecrets(dir: string | undefined): DevIdpSecrets {
  if (!dir) return generateSecrets();
  const file = path.join(dir, SECRETS_FILE);
  if (existsSync(file)) {
    const parsed = SecretsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new DevIdpError(
        DevIdpErrorCode.InvalidOptions,
        `${file} is not a dev IdP secrets file; delete it to generate new keys`,
      );
    }
    return parsed.data;
  }
  const secrets = generateSecrets();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
