/** Why a configuration could not be loaded. One code today; the enum keeps the shape of every module's errors. */
export enum ConfigErrorCode {
  /** One or more environment variables are missing or malformed. */
  INVALID_ENVIRONMENT = 'INVALID_ENVIRONMENT',
}

/** One variable that failed validation, with a reason that never contains a secret's value. */
export interface ConfigIssue {
  readonly variable: string;
  readonly reason: string;
}

/**
 * Thrown by `loadConfig` with every bad variable at once, so an operator fixes the environment
 * in one go instead of restarting once per mistake.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly code: ConfigErrorCode,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${code}: ${issues.map((issue) => `${issue.variable}: ${issue.reason}`).join('; ')}`);
  }
}
