export enum VertexAdapterErrorCode {
  /** The service-account JSON is not JSON or lacks `client_email`/`private_key`. */
  InvalidServiceAccount = 'VERTEX_INVALID_SERVICE_ACCOUNT',
  /** Google's token endpoint refused the service-account assertion or could not be reached. */
  TokenExchangeFailed = 'VERTEX_TOKEN_EXCHANGE_FAILED',
}

/** Failures of the Vertex adapter itself (Vertex's own HTTP errors are translated instead). */
export class VertexAdapterError extends Error {
  constructor(
    readonly code: VertexAdapterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'VertexAdapterError';
  }
}
