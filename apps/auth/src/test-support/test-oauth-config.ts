import type { OAuthConfig } from '../oauth/oauth-services';

/**
 * The OAuth services' settings for tests: 15-minute access tokens, 30-day key rotation, no billing
 * tag, and a token rate limit high enough that no test's burst of requests reaches it.
 */
export function testOAuthConfig(publicUrl: string): OAuthConfig {
  return {
    AUTH_PUBLIC_URL: publicUrl,
    AUTH_ACCESS_TOKEN_TTL: 15 * 60_000,
    AUTH_SIGNING_KEY_ROTATION_DAYS: 30,
    AUTH_BILLING_GROUP_TAG: undefined,
    AUTH_TOKEN_RATE_LIMIT_PER_MINUTE: 1_000,
  };
}
