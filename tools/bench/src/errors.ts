/** Why a benchmark run could not measure something; the message names what to fix. */
export enum BenchErrorCode {
  ProcessFailedToStart = 'process_failed_to_start',
  ProcessExited = 'process_exited',
  Timeout = 'timeout',
  InvalidOption = 'invalid_option',
  UnexpectedResponse = 'unexpected_response',
  LoadGeneratorFailed = 'load_generator_failed',
}

export class BenchError extends Error {
  constructor(
    readonly code: BenchErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BenchError';
  }
}
