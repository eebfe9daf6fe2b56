/** Why a contracts helper refused its input. */
export enum ContractsErrorCode {
  /** A dead-letter topic name was asked for a topic that is itself a dead-letter topic. */
  DeadLetterOfDeadLetter = 'CONTRACTS_DEAD_LETTER_OF_DEAD_LETTER',
}

export class ContractsError extends Error {
  constructor(
    readonly code: ContractsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractsError';
  }
}
