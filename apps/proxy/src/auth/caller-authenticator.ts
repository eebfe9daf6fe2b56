/** Who is calling, as the usage event and policy need it. */
export interface CallerPrincipal {
  readonly type: 'user' | 'service_account';
  /** User id, or the service account id. */
  readonly id: string;
  readonly teamId: string | null;
  readonly orgId: string;
  /** Gatehouse role names, lower-case. */
  readonly roles: readonly string[];
  readonly email?: string;
}

export type AuthenticationResult =
  | { readonly ok: true; readonly principal: CallerPrincipal }
  | {
      readonly ok: false;
      readonly message: string;
      /**
       * True when the gateway itself could not check the credential (signing keys unavailable):
       * answered as a retryable 503 instead of a 401 that would send the developer to /login.
       */
      readonly gatewayFault?: boolean;
    };

/** Request headers as Node gives them: lower-case names. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Identifies the caller of every proxied request from its headers. Implementations verify
 * locally (cached JWKS, in-memory revocations): no network call on the request path.
 */
export interface CallerAuthenticator {
  authenticate(headers: IncomingHeaders): Promise<AuthenticationResult>;
}

export const MISSING_CREDENTIALS_MESSAGE =
  'No gateway credential: send your Gatehouse access token as `Authorization: Bearer <token>` or ' +
  '`x-api-key` (Claude Code: set an apiKeyHelper that runs `gatehouse token`, or run `/login`).';

/**
 * The credential a client sent. Claude Code sends an apiKeyHelper's output as `x-api-key` (and as
 * a bearer token in some setups); `/login` sessions send `Authorization: Bearer`. A bearer wins
 * when both are present.
 */
export function extractCredential(headers: IncomingHeaders): string | null {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string') {
    const trimmed = apiKey.trim();
    if (trimmed !== '') return trimmed;
  }
  return null;
}
