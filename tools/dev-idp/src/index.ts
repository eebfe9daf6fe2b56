// Public entry point of @gatehouse/dev-idp. It never loads oidc-provider itself (ESM-only), so test
// files under jest can import it; the provider runs in the child process startDevIdp spawns.
export { startDevIdp, type DevIdpHandle, type StartDevIdpOptions } from './start-dev-idp';
export { devIdpLogin, type DevIdpLoginInput, type DevIdpLoginResult } from './login/dev-idp-login';
export { CookieJar } from './login/cookie-jar';
export {
  buildAuthorizeUrl,
  createPkcePair,
  type AuthorizeUrlInput,
  type PkcePair,
} from './login/authorize-url';
export { DevIdpError, DevIdpErrorCode } from './errors';
export { type DevIdpFaults, type DevIdpFaultsInput } from './faults';
export {
  DevIdpClientSchema,
  DevIdpUserSchema,
  parseClients,
  parseUsers,
  type DevIdpClient,
  type DevIdpClientInput,
  type DevIdpUser,
  type DevIdpUserInput,
} from './seed/seed-schema';
export {
  DEFAULT_AUTH_CALLBACK,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  defaultClients,
  defaultUsers,
} from './seed/default-seed';
export { ACR_MFA, ACR_PASSWORD, SCOPE_CLAIMS, SUPPORTED_SCOPES } from './claims';
export { DEFAULT_PORT } from './options';
