/** Why the local stack's endpoints could not be resolved for a test. */
export enum StackEnvErrorCode {
  /** A required variable is missing or malformed in both process.env and .gatehouse/stack.env. */
  InvalidStackEnv = 'STACK_ENV_INVALID',
}

export class StackEnvError extends Error {
  constructor(
    readonly code: StackEnvErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StackEnvError';
  }
}
