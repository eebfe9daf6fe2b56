import { TOKEN_REJECTIONS, type Principal, type VerifyResult } from '@gatehouse/access-token';
import type { IncomingHttpHeaders } from 'node:http';

export type AuthenticationResult =
  | { readonly ok: true; readonly principal: Principal }
  | {
      readonly ok: false;
      /** 401 for a credential problem, 503 when keys could not be loaded (retry later). */
      readonly status: 401 | 503;
      /** Developer-facing sentence; never contains the credential. */
      readonly message: string;
    };

/**
 * Who is calling, from the request headers. The wiring decides how: the auth service verifies
 * its own access tokens against its signing keys; tests verify against a TestTokenSigner's JWKS.
 */
export interface CallerAuthenticator {
  authenticate(headers: IncomingHttpHeaders): Promise<AuthenticationResult>;
}

/** Anything that checks a bearer value: AccessTokenVerifier or CredentialVerifier. */
export interface BearerVerifier {
  verify(bearer: string): Promise<VerifyResult>;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** A CallerAuthenticator over `Authorization: Bearer <credential>`. */
export function bearerAuthenticator(verifier: BearerVerifier): CallerAuthenticator {
  return {
    async authenticate(headers) {
      const match = BEARER.exec(headers.authorization ?? '');
      if (match?.[1] === undefined) {
        return {
          ok: false,
          status: 401,
          message:
            'Sign in first: send `Authorization: Bearer <token>` (run /login in Claude Code or `gatehouse login`).',
        };
      }
      const result = await verifier.verify(match[1]);
      if (result.ok) return result;
      return {
        ok: false,
        status: TOKEN_REJECTIONS[result.reason].httpStatus,
        message: result.message,
      };
    },
  };
}
