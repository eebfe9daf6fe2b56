import { z } from 'zod';
import { isoDateTime, Retention } from '../../common';
import { defineEvent, eventEnvelopeShape } from '../../define-event';
import { Topics } from '../../topics';

const keyId = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/);
const base64Url = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/)
  .max(2048);

export const SIGNING_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/**
 * The public half of a signing key as a JWK. The object is strict on purpose: a private member
 * (`d`, `p`, `q`, `dp`, `dq`, `qi`) is an unknown field and fails validation, so a private key can
 * never be published by mistake.
 */
export const publicJwk = z.strictObject({
  kty: z.enum(['RSA', 'EC', 'OKP']).describe('JWK key type.'),
  kid: keyId.describe('Key id, same as the event `kid`.'),
  alg: z.enum(SIGNING_ALGORITHMS).describe('Algorithm the key signs with.'),
  use: z.literal('sig').describe('Always `sig`: these keys only sign tokens.'),
  n: base64Url.optional().describe('RSA modulus (base64url).'),
  e: base64Url.optional().describe('RSA public exponent (base64url).'),
  crv: z.enum(['P-256', 'Ed25519']).optional().describe('Curve of an EC or OKP key.'),
  x: base64Url.optional().describe('EC/OKP public x coordinate (base64url).'),
  y: base64Url.optional().describe('EC public y coordinate (base64url).'),
});

/**
 * A token signing key's public part and lifecycle. Proxies verify tokens locally against the keys
 * they learned here, so a key is published (`active`) before auth signs with it, stays published
 * while `retiring` until every token it signed has expired, and `revoked` means reject now.
 */
export const signingKeyV1Schema = z
  .strictObject({
    type: z.literal('identity.signing_key'),
    version: z.literal(1),
    ...eventEnvelopeShape,
    kid: keyId.describe('Key id, the `kid` header of tokens it signs.'),
    status: z
      .enum(['active', 'retiring', 'revoked'])
      .describe(
        '`active` signs new tokens, `retiring` only verifies existing ones, `revoked` is rejected.',
      ),
    publicJwk: publicJwk.describe('Public key as a JWK (never private members).'),
    notBefore: isoDateTime.describe('Tokens signed by this key are accepted from this instant.'),
    notAfter: isoDateTime.describe('No token signed by this key is accepted after this instant.'),
  })
  .refine((event) => event.publicJwk.kid === event.kid, {
    message: 'publicJwk.kid must equal kid',
    path: ['publicJwk', 'kid'],
  })
  .refine((event) => Date.parse(event.notBefore) < Date.parse(event.notAfter), {
    message: 'notBefore must be before notAfter',
    path: ['notAfter'],
  });

export type SigningKeyV1 = z.infer<typeof signingKeyV1Schema>;

export const SigningKeyV1Definition = defineEvent({
  type: 'identity.signing_key',
  version: 1,
  topic: Topics.identitySigningKey,
  schema: signingKeyV1Schema,
  retention: Retention.compacted,
  description:
    'Published public signing keys (the JWKS) with status and validity window, for local token checks.',
  keyField: 'kid',
  partitioning: 'Keyed by key id: compaction keeps the latest status of each key.',
  key: (event) => event.kid,
});
