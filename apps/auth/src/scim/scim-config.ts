import { secret } from '@gatehouse/config';
import { z } from 'zod';

/** Environment of SCIM provisioning, spread into the auth service's config schema. */
export const scimConfigShape = {
  /**
   * The static bearer token Okta or Entra ID presents on /scim/v2. Unset disables SCIM (every
   * request gets 401). At least 32 characters: it can deprovision every user of the tenant.
   */
  SCIM_BEARER_TOKEN: secret(
    z
      .string()
      .trim()
      .min(32, { error: 'expected at least 32 characters (use `openssl rand -base64 32`)' }),
  ).optional(),
};
