/** Codes for the mock's own failures (bad configuration, bad script file), not for simulated API errors. */
export enum MockUpstreamErrorCode {
  InvalidConfig = 'INVALID_CONFIG',
  InvalidScript = 'INVALID_SCRIPT',
  InvalidFaultSpec = 'INVALID_FAULT_SPEC',
}

export class MockUpstreamError extends Error {
  constructor(
    readonly code: MockUpstreamErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'MockUpstreamError';
  }
}
