import type { JsonObject } from './json-value';
import { isJsonObject } from './json-value';
import { ManagedSettingsError, ManagedSettingsErrorCode } from './managed-settings-error';

/**
 * For machines that reach the gateway through `ANTHROPIC_BASE_URL` (no `/login`): Claude Code
 * never polls `/managed/settings` there, so `gatehouse` writes the settings into a managed file.
 * The protocol asks such files to set `ANTHROPIC_BASE_URL` and `CLAUDE_CODE_GATEWAY_HINT_HEADERS`
 * together, so the checksum hint goes to this gateway and not to a host a repository chose.
 * Values the policy already sets win; the input is not modified.
 */
export function withGatewayEnv(settings: JsonObject, gatewayBaseUrl: string): JsonObject {
  const protocol = URL.canParse(gatewayBaseUrl) ? new URL(gatewayBaseUrl).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ManagedSettingsError(
      ManagedSettingsErrorCode.INVALID_GATEWAY_URL,
      `gateway URL "${gatewayBaseUrl}" is not an absolute http(s) URL`,
    );
  }
  const env = isJsonObject(settings['env']) ? settings['env'] : {};
  return {
    ...settings,
    env: {
      ANTHROPIC_BASE_URL: gatewayBaseUrl.replace(/\/+$/, ''),
      CLAUDE_CODE_GATEWAY_HINT_HEADERS: '1',
      ...env,
    },
  };
}
