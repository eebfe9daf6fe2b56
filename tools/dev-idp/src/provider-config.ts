import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { SCOPE_CLAIMS, SUPPORTED_SCOPES, ACR_MFA, ACR_PASSWORD, userClaims } from './claims';
import type { DevIdpFaults } from './faults';
import { escapeHtml } from './interaction/login-page';
import type { DevIdpSecrets } from './secrets';
import type { DevIdpClient } from './seed/seed-schema';
import type { UserDirectory } from './user-directory';

export interface ProviderConfigInputs {
  directory: UserDirectory;
  clients: readonly DevIdpClient[];
  secrets: DevIdpSecrets;
  /** Read on every use, so a fault switched on at runtime applies to the next token or userinfo call. */
  faults: () => DevIdpFaults;
}

export const INTERACTION_PATH = '/interaction';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Confidential clients are registered for HTTP Basic; the front door turns a form-body secret into
 * Basic first (see client-auth.ts), which is how the dev IdP accepts both like real IdPs do.
 */
export function toClientMetadata(client: DevIdpClient): ClientMetadata {
  return {
    client_id: client.client_id,
    ...(client.client_secret
      ? { client_secret: client.client_secret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris,
    grant_types: client.grant_types,
    response_types: ['code'],
  };
}

/**
 * Every configured client counts as first-party, so consent is granted silently: the requested
 * scopes are added to the session's grant before oidc-provider checks for missing consent.
 */
async function loadExistingGrant(ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(ctx.oidc.requestParamScopes);
  await grant.save();
  return grant;
}

function renderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string | undefined },
): void {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dev IdP error</title></head>
<body><h1>Dev IdP error</h1><p id="error">${escapeHtml(out.error)}</p>
<p id="error-description">${escapeHtml(out.error_description ?? '')}</p></body></html>`;
}

export function buildProviderConfiguration(inputs: ProviderConfigInputs): Configuration {
  const { directory, faults } = inputs;
  return {
    clients: inputs.clients.map(toClientMetadata),
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    jwks: { keys: [inputs.secrets.signingKey] },
    cookies: { keys: inputs.secrets.cookieKeys },
    scopes: [...SUPPORTED_SCOPES],
    claims: Object.fromEntries(
      Object.entries(SCOPE_CLAIMS).map(([scope, names]) => [scope, [...names]]),
    ),
    acrValues: [ACR_PASSWORD, ACR_MFA],
    responseTypes: ['code'],
    // Put scope claims into the ID token too (not only userinfo), as Okta, Entra and Keycloak do for groups.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = directory.findBySub(sub);
      // A disabled user has no account any more: oidc-provider then answers invalid_grant on refresh.
      if (!user || faults().disabledUsers.includes(user.email)) return undefined;
      return { accountId: user.sub, claims: () => ({ ...userClaims(user, faults()) }) };
    },
    loadExistingGrant,
    // oidc-provider drops offline_access unless prompt=consent is sent; issue refresh tokens to any
    // client allowed the grant so relying parties get one whatever prompt they send, as Keycloak does.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: () => false,
    clientBasedCORS: () => false,
    renderError,
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: MINUTE,
      IdToken: HOUR,
      RefreshToken: 14 * DAY,
      Interaction: 10 * MINUTE,
      Session: DAY,
      Grant: 14 * DAY,
    },
  };
}
