import { gatewayErrorResponse, type AnthropicErrorType, type GatewayErrorResponse } from '@gatehouse/anthropic';
import { assertUnreachable } from '@gatehouse/service-kit';

/** Every answer the proxy originates itself (upstream errors are relayed, not listed here). */
export enum ProxyErrorCode {
  Unauthenticated = 'PROXY_UNAUTHENTICATED',
  CredentialCheckUnavailable = 'PROXY_CREDENTIAL_CHECK_UNAVAILABLE',
  InvalidBody = 'PROXY_INVALID_BODY',
  ModelNotAvailable = 'PROXY_MODEL_NOT_AVAILABLE',
  OperationNotSupported = 'PROXY_OPERATION_NOT_SUPPORTED',
  BodyTooLarge = 'PROXY_BODY_TOO_LARGE',
  LengthRequired = 'PROXY_LENGTH_REQUIRED',
  UnsupportedMediaType = 'PROXY_UNSUPPORTED_MEDIA_TYPE',
  RouteNotFound = 'PROXY_ROUTE_NOT_FOUND',
  MethodNotAllowed = 'PROXY_METHOD_NOT_ALLOWED',
  UpstreamsUnavailable = 'PROXY_UPSTREAMS_UNAVAILABLE',
  UpstreamUnreachable = 'PROXY_UPSTREAM_UNREACHABLE',
  UpstreamTimeout = 'PROXY_UPSTREAM_TIMEOUT',
  Internal = 'PROXY_INTERNAL',
}

/** A gateway-originated failure with a message the developer can act on. */
export class ProxyError extends Error {
  constructor(
    readonly code: ProxyErrorCode,
    message: string,
    /** Seconds until a retry makes sense (circuit open, all upstreams busy). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ProxyError';
  }

  get errorType(): AnthropicErrorType {
    return errorTypeOf(this.code).type;
  }

  /** The complete Anthropic-shaped response for this error. */
  toResponse(): GatewayErrorResponse {
    const { type, status } = errorTypeOf(this.code);
    return gatewayErrorResponse({ type, status, message: this.message, retryAfterSeconds: this.retryAfterSeconds });
  }
}

/** Anthropic error type and HTTP status per code; `status` undefined keeps the type's default. */
export function errorTypeOf(code: ProxyErrorCode): { type: AnthropicErrorType; status?: number } {
  switch (code) {
    case ProxyErrorCode.Unauthenticated:
      return { type: 'authentication_error' };
    case ProxyErrorCode.CredentialCheckUnavailable:
      return { type: 'api_error', status: 503 };
    case ProxyErrorCode.InvalidBody:
    case ProxyErrorCode.ModelNotAvailable:
      return { type: 'invalid_request_error' };
    case ProxyErrorCode.OperationNotSupported:
      return { type: 'not_supported' };
    case ProxyErrorCode.BodyTooLarge:
      return { type: 'request_too_large' };
    case ProxyErrorCode.LengthRequired:
      return { type: 'invalid_request_error', status: 411 };
    case ProxyErrorCode.UnsupportedMediaType:
      return { type: 'invalid_request_error', status: 415 };
    case ProxyErrorCode.RouteNotFound:
      return { type: 'not_found_error' };
    case ProxyErrorCode.MethodNotAllowed:
      return { type: 'invalid_request_error', status: 405 };
    case ProxyErrorCode.UpstreamsUnavailable:
      return { type: 'overloaded_error' };
    case ProxyErrorCode.UpstreamUnreachable:
      return { type: 'api_error', status: 502 };
    case ProxyErrorCode.UpstreamTimeout:
      return { type: 'timeout_error' };
    case ProxyErrorCode.Internal:
      return { type: 'api_error' };
    default:
      return assertUnreachable(code);
  }
}

/** The error for a refused credential: 401 (sign in again) unless the gateway could not check it. */
export function authenticationError(failure: { message: string; gatewayFault?: boolean }): ProxyError {
  return new ProxyError(failure.gatewayFault === true ? ProxyErrorCode.CredentialCheckUnavailable : ProxyErrorCode.Unauthenticated, failure.message);
}
