import { validateSettingsDocument, withGatewayEnv } from '@gatehouse/managed-settings';
import { CliError, CliErrorCode, SESSION_ENDED_MESSAGE } from '../cli-error';
import type { CliIo } from '../cli-io';
import type { CredentialContext } from '../credentials/credential-context';

/** Where the gateway serves the bare merged settings document (docs/managed-settings.md). */
export const MANAGED_SETTINGS_FILE_PATH = '/managed/settings.json';

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * `gatehouse policy`: the managed settings this gateway assigns to the signed-in developer, as
 * one JSON document on stdout and nothing else there, so it can serve as Claude Code's policy
 * helper on machines that reach the gateway through ANTHROPIC_BASE_URL (they never poll
 * `/managed/settings` themselves). No policy configured prints `{}`; any failure goes to stderr
 * with a non-zero exit, so a caller never mistakes an error for an empty policy.
 */
export async function runPolicy(io: CliIo, context: CredentialContext): Promise<void> {
  io.out(JSON.stringify(await fetchManagedSettings(context), null, 2));
}

export async function fetchManagedSettings(
  context: CredentialContext,
): Promise<Record<string, unknown>> {
  // Refreshes (under the shared lock) exactly as `gatehouse token` does.
  const accessToken = await context.tokens.accessToken();
  const stored = await context.store.load();
  if (stored === undefined)
    throw new CliError(CliErrorCode.NOT_LOGGED_IN, 'not logged in; run `gatehouse login`.');
  // Relative to the gateway URL, so a gateway served under a path prefix keeps it.
  const url = new URL(
    MANAGED_SETTINGS_FILE_PATH.slice(1),
    withTrailingSlash(stored.gatewayUrl),
  ).toString();
  const answer = await getSettings(context, url, accessToken);
  if (answer.status === 404) return {};
  if (answer.status === 401) throw new CliError(CliErrorCode.SESSION_ENDED, SESSION_ENDED_MESSAGE);
  if (answer.status === 403) {
    throw new CliError(
      CliErrorCode.ACCESS_DENIED,
      `the gateway refused to serve managed settings to this account (403 from ${url})`,
    );
  }
  if (answer.status !== 200) {
    throw new CliError(
      CliErrorCode.PROTOCOL_ERROR,
      `the gateway answered ${answer.status} for ${url}; try again later`,
    );
  }
  const validation = validateSettingsDocument(parseJson(answer.text));
  if (!validation.ok) {
    const first = validation.issues[0];
    throw new CliError(
      CliErrorCode.PROTOCOL_ERROR,
      `the gateway sent managed settings that do not validate (${first?.path}: ${first?.message})`,
    );
  }
  // The protocol asks such documents to pin ANTHROPIC_BASE_URL and the checksum hint together.
  return withGatewayEnv(validation.settings, stored.gatewayUrl);
}

async function getSettings(
  context: CredentialContext,
  url: string,
  accessToken: string,
): Promise<{ status: number; text: string }> {
  try {
    const response = await context.transport.fetch(url, {
      method: 'GET',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${accessToken}`,
        'user-agent': context.transport.userAgent,
      },
      // A redirect could carry the bearer token to another host.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    throw new CliError(
      CliErrorCode.UNREACHABLE,
      `could not reach ${new URL(url).origin}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function withTrailingSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
