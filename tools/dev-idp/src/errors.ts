/** Codes for the dev IdP's own failures: bad seed or options, a child that never became ready, a login the helper could not complete. */
export enum DevIdpErrorCode {
  InvalidSeed = 'INVALID_SEED',
  InvalidOptions = 'INVALID_OPTIONS',
  StartFailed = 'START_FAILED',
  LoginRejected = 'LOGIN_REJECTED',
  LoginFlowBroken = 'LOGIN_FLOW_BROKEN',
  InProcessUnavailable = 'IN_PROCESS_UNAVAILABLE',
}

export class DevIdpError extends Error {
  constructor(
    readonly code: DevIdpErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'DevIdpError';
  }
}
