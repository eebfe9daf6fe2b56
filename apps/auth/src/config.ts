import { durationMs, integer, kafkaBrokers, secret, url } from '@gatehouse/config';
import { serviceConfigShape } from '@gatehouse/service-kit';
import { z } from 'zod';
import { signInConfigShape } from './login/sign-in-config';
import { scimConfigShape } from './scim/scim-config';

/** Environment of the auth service; docs/configuration.md lists every variable. */
export const authConfigSchema = z.object({
  ...serviceConfigShape({ port: 4001 }),
  KAFKA_BROKERS: kafkaBrokers(),
  DATABASE_URL: url({
    protocols: ['postgres', 'postgresql'],
    example: 'postgres://postgres@127.0.0.1:5432/gatehouse',
  }),
  /** 32 random bytes, base64: encrypts the token-signing private keys at rest. */
  AUTH_KEY_ENCRYPTION_KEY: secret(z.string().trim().min(1)).optional(),
  KAFKA_TOPIC_PARTITIONS: integer({ min: 1, max: 1000, example: '3' }).default(3),
  KAFKA_REPLICATION_FACTOR: integer({ min: 1, max: 10, example: '3' }).default(1),
  /** Public base URL of the auth service: the `iss` of access tokens and the OAuth metadata origin. */
  AUTH_PUBLIC_URL: url({
    protocols: ['http', 'https'],
    example: 'https://gw.corp.example.com',
  }).default('http://127.0.0.1:4001'),
  /**
   * Lifetime of access tokens (capped by the session's absolute expiry). At most 15 minutes:
   * proxies remember a revocation for 16 minutes, so a longer token could outlive its revocation.
   */
  AUTH_ACCESS_TOKEN_TTL: durationMs()
    .refine((ms) => ms >= 60_000 && ms <= 15 * 60_000, {
      error: 'expected a duration from 1m to 15m (revocations are remembered for 16 minutes)',
    })
    .default(15 * 60_000),
  /** Days an active signing key signs before a new one takes over. */
  AUTH_SIGNING_KEY_ROTATION_DAYS: integer({ min: 1, max: 365, example: '30' }).default(30),
  /** Request-tag name put in tokens as `billing_group_tag`; only when the proxy strips `tags`. */
  AUTH_BILLING_GROUP_TAG: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'expected 1-64 letters, digits, _ . -' })
    .optional(),
  /** Token requests per minute per client IP on `POST /oauth/token` (burst of the same size). */
  AUTH_TOKEN_RATE_LIMIT_PER_MINUTE: integer({ min: 1, max: 100_000, example: '60' }).default(60),
  /** OIDC sign-in (login/sign-in-config.ts): OIDC_ISSUER, OIDC_CLIENT_*, claim mapping, policy. */
  ...signInConfigShape,
  /** SCIM provisioning (scim/scim-config.ts): SCIM_BEARER_TOKEN. */
  ...scimConfigShape,
});

export type AuthConfig = z.output<typeof authConfigSchema>;
