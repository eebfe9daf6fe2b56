import { anthropicError, type AnthropicErrorBody } from '../errors';

/** Why a Messages request body was refused before it reached an upstream. */
export enum RequestBodyErrorCode {
  Empty = 'REQUEST_BODY_EMPTY',
  InvalidJson = 'REQUEST_BODY_INVALID_JSON',
  NotAnObject = 'REQUEST_BODY_NOT_AN_OBJECT',
  ModelMissing = 'REQUEST_MODEL_MISSING',
  ModelNotString = 'REQUEST_MODEL_NOT_STRING',
  ModelEmpty = 'REQUEST_MODEL_EMPTY',
  ModelTooLong = 'REQUEST_MODEL_TOO_LONG',
  StreamNotBoolean = 'REQUEST_STREAM_NOT_BOOLEAN',
}

/**
 * A malformed request body. Every code is the client's mistake, so each becomes a 400
 * `invalid_request_error` whose message says what to fix.
 */
export class RequestBodyError extends Error {
  readonly status = 400;
  readonly errorType = 'invalid_request_error' as const;

  constructor(
    readonly code: RequestBodyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }

  toBody(): AnthropicErrorBody {
    return anthropicError(this.errorType, this.message);
  }
}
