import type { AuthorizationCodeStore } from '../oauth/authorization-code-store';
import type { AuthorizationRequest } from '../oauth/authorization-request';
import { checkLoopbackRedirectUri, redirectWith } from '../oauth/cli-client';
import { isPolicyRefusal, type LoginError } from './login-error';

/** The person the IdP sign-in admitted, after the directory upsert. */
export interface ApprovedSignIn {
  user: { id: string; orgId: string; email: string | null };
  sessionLifetimeSeconds: number;
  idpId: string;
  clientIp: string;
  userAgent: string | null;
}

/**
 * Finishes a sign-in started at `/oauth/authorize`: success issues a one-time code for the CLI's
 * loopback redirect; a refusal sends the error there instead, so the terminal stops at once
 * rather than waiting for a code that will not come.
 */
export class AuthorizationCodePurpose {
  constructor(private readonly codes: AuthorizationCodeStore) {}

  /** The loopback URL with `code` and `state` (RFC 6749 §4.1.2). */
  async approve(request: AuthorizationRequest, approved: ApprovedSignIn): Promise<string> {
    const code = await this.codes.issue({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      userId: approved.user.id,
      orgId: approved.user.orgId,
      email: approved.user.email,
      sessionLifetimeSeconds: approved.sessionLifetimeSeconds,
      idpId: approved.idpId,
      clientIp: approved.clientIp,
      userAgent: approved.userAgent,
    });
    return redirectWith(loopbackUri(request), { code, state: request.state });
  }

  /**
   * The loopback URL with the error (RFC 6749 §4.1.2.1): `access_denied` when the IdP or the
   * sign-in policy refused the person, `server_error` for faults; the description says which.
   */
  refuse(request: AuthorizationRequest, error: LoginError): string {
    return redirectWith(loopbackUri(request), {
      error: isPolicyRefusal(error.code) ? 'access_denied' : 'server_error',
      error_description: error.message,
      state: request.state,
    });
  }
}

/** The stored redirect URI was checked before the sign-in began; it is checked again before use. */
function loopbackUri(request: AuthorizationRequest): URL {
  const checked = checkLoopbackRedirectUri(request.redirectUri);
  if (!checked.ok) throw new Error(`stored redirect_uri is not loopback: ${checked.reason}`);
  return checked.uri;
}
