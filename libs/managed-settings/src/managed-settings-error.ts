/** Why a managed-settings operation refused its input. */
export enum ManagedSettingsErrorCode {
  /** A value that JSON cannot represent (NaN, Infinity, undefined, a function) reached the checksum. */
  NOT_JSON = 'MANAGED_SETTINGS_NOT_JSON',
  /** A gateway URL given to `withGatewayEnv` is not an absolute http(s) URL. */
  INVALID_GATEWAY_URL = 'MANAGED_SETTINGS_INVALID_GATEWAY_URL',
}

export class ManagedSettingsError extends Error {
  override readonly name = 'ManagedSettingsError';

  constructor(
    readonly code: ManagedSettingsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
