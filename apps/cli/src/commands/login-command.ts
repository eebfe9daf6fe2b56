import type { CliIo } from '../cli-io';
import type { CredentialContext } from '../credentials/credential-context';
import { decodeJwtPayloadUnverified } from '../credentials/jwt-claims';
import {
  discoverEndpoints,
  trimBase,
  type AuthorizationServerEndpoints,
} from '../oauth/authorization-server';
import { pollForDeviceToken, requestDeviceAuthorization } from '../oauth/device-flow';
import { loopbackLogin } from '../oauth/loopback-login';
import type { TokenSet } from '../oauth/token-response';

export interface LoginOptions {
  /** Gateway base URL developers send requests to (the proxy). */
  gatewayUrl: string;
  /** Authorization server base URL (metadata, device flow, tokens); the gateway URL by default. */
  authUrl: string;
  /** Device flow without opening a browser, for headless machines. */
  device: boolean;
}

const BROWSER_LOGIN_TIMEOUT_MS = 5 * 60_000;

/**
 * `gatehouse login`: discovery, then the browser flow (loopback + PKCE) when the server
 * advertises an authorization endpoint and `--device` is not given, else the device flow.
 */
export async function runLogin(
  io: CliIo,
  context: CredentialContext,
  options: LoginOptions,
): Promise<void> {
  const endpoints = await discoverEndpoints(context.transport, options.authUrl);
  const tokens =
    endpoints.authorization !== undefined && !options.device
      ? await browserLogin(io, context, endpoints.authorization, endpoints.token)
      : await deviceLogin(io, context, endpoints, options.device);
  await context.store.save({
    version: 1,
    gatewayUrl: trimBase(options.gatewayUrl),
    authUrl: trimBase(options.authUrl),
    tokenEndpoint: endpoints.token,
    ...(endpoints.revocation === undefined ? {} : { revocationEndpoint: endpoints.revocation }),
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
    expiresAt: tokens.expiresAt,
    ...(tokens.email === undefined ? {} : { email: tokens.email }),
  });
  const claims = decodeJwtPayloadUnverified(tokens.accessToken);
  const who = tokens.email ?? (typeof claims?.email === 'string' ? claims.email : undefined);
  io.out(`Logged in to ${trimBase(options.gatewayUrl)}${who === undefined ? '' : ` as ${who}`}.`);
  if (tokens.refreshToken === undefined)
    io.out(
      'The server issued no refresh token: run `gatehouse login` again when the token expires.',
    );
}

async function deviceLogin(
  io: CliIo,
  context: CredentialContext,
  endpoints: AuthorizationServerEndpoints,
  headless: boolean,
): Promise<TokenSet> {
  const authorization = await requestDeviceAuthorization(
    context.transport,
    endpoints.deviceAuthorization,
  );
  const link = authorization.verification_uri_complete ?? authorization.verification_uri;
  io.out(
    `To sign in, open ${authorization.verification_uri} and enter the code: ${authorization.user_code}`,
  );
  if (authorization.verification_uri_complete !== undefined)
    io.out(`Or open ${authorization.verification_uri_complete}`);
  if (authorization.login_notice !== undefined) io.out(authorization.login_notice);
  if (!headless && (await io.openBrowser(link)))
    io.out('Opened your browser; check that it shows the same code.');
  io.out('Waiting for approval…');
  return pollForDeviceToken({
    transport: context.transport,
    tokenEndpoint: endpoints.token,
    authorization,
    now: () => io.now(),
    sleep: (ms) => io.sleep(ms),
  });
}

async function browserLogin(
  io: CliIo,
  context: CredentialContext,
  authorizationEndpoint: string,
  tokenEndpoint: string,
): Promise<TokenSet> {
  return loopbackLogin({
    transport: context.transport,
    authorizationEndpoint,
    tokenEndpoint,
    now: () => io.now(),
    timeoutMs: BROWSER_LOGIN_TIMEOUT_MS,
    present: async (url) => {
      const opened = await io.openBrowser(url);
      io.out(
        opened
          ? 'Opened your browser to sign in. If it did not open, visit:'
          : 'To sign in, open this URL in a browser on this machine:',
      );
      io.out(url);
      io.out(
        'Waiting for the browser sign-in… (use `gatehouse login --device` on a machine without a browser)',
      );
    },
  });
}
