/** Why an edge (non-inference) request could not be answered by the service behind it. */
export enum EdgeErrorCode {
  /** The auth service refused the connection, reset it or timed out. */
  AUTH_SERVICE_UNAVAILABLE = 'PROXY_AUTH_SERVICE_UNAVAILABLE',
}

/**
 * The edge paths belong to the auth service, whose clients (Claude Code's sign-in, browsers, SCIM
 * provisioners) read OAuth-style errors, so the body is `{"error","error_description"}`.
 */
export class EdgeError extends Error {
  override readonly name = 'EdgeError';

  constructor(
    readonly code: EdgeErrorCode,
    message: string,
  ) {
    super(message);
  }

  toResponse(): { status: number; headers: Record<string, string>; body: string } {
    switch (this.code) {
      case EdgeErrorCode.AUTH_SERVICE_UNAVAILABLE:
        return {
          status: 502,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'retry-after': '5' },
          body: JSON.stringify({ error: 'temporarily_unavailable', error_description: this.message }),
        };
    }
  }
}
