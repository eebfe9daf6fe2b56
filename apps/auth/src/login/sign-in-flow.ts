import type { Logger } from '@gatehouse/observability';
import { DirectoryError, DirectoryErrorCode } from '../directory/directory-error';
import type { SessionStore } from '../directory/session-store';
import type { UserDirectory } from '../directory/user-directory';
import type { DeviceAuthorizationStore } from '../device/device-authorization-store';
import type { AuthorizationCodePurpose } from './authorization-code-purpose';
import { admitIdentity, type LoginPolicy } from './login-policy';
import { failureReasonOf, isPolicyRefusal, LoginError, LoginErrorCode } from './login-error';
import type { LoginPurpose } from './login-transaction.entity';
import type { OidcRelyingParty } from './oidc-relying-party';
import type { PassportRequest } from './passport-runner';

export interface SignInFlowDeps {
  relyingParty: OidcRelyingParty;
  users: UserDirectory;
  sessions: SessionStore;
  devices: DeviceAuthorizationStore;
  /** Finishes sign-ins started at `/oauth/authorize` (the CLI's browser login). */
  authorizationCodes?: AuthorizationCodePurpose;
  policy: LoginPolicy;
  orgId: string;
  idpId: string;
  logger: Logger;
}

/** Where the browser came from, for the audit trail. */
export interface BrowserContext {
  clientIp: string;
  userAgent: string | null;
}

/** `redirectTo`: send the browser there instead of showing a page (the CLI's loopback address). */
export type SignInResult =
  | { ok: true; email: string; purpose: LoginPurpose; redirectTo?: string }
  | { ok: false; error: LoginError; redirectTo?: string };

/**
 * What happens at the callback after the IdP: the relying party checks the response, the policy
 * admits the person, the directory creates or refreshes them (roles, session lifetime), and the
 * sign-in's purpose is fulfilled — for a device request, approval; for the CLI, a one-time code. Every refusal is written as an
 * `identity.login` failure; a refusal about the person also denies the waiting device.
 */
export class SignInFlow {
  constructor(private readonly deps: SignInFlowDeps) {}

  async complete(
    request: PassportRequest,
    browserBinding: string | undefined,
    browser: BrowserContext,
  ): Promise<SignInResult> {
    const completed = await this.deps.relyingParty.completeLogin(request, browserBinding);
    if (!completed.ok) return this.refuse(completed.error, completed.purpose, browser);
    const { identity, purpose } = completed;

    let admitted;
    try {
      admitted = admitIdentity(identity, this.deps.policy);
    } catch (error) {
      return this.refuse(asLoginError(error), purpose, browser);
    }
    let upserted;
    try {
      upserted = await this.deps.users.upsertFromLogin({
        orgId: this.deps.orgId,
        issuer: identity.issuer,
        subject: identity.subject,
        email: admitted.email,
        displayName: admitted.name ?? null,
        groups: admitted.groups,
      });
    } catch (error) {
      return this.refuse(directoryRefusal(error), purpose, browser);
    }
    const { user, sessionLifetimeSeconds } = upserted;
    if (purpose.kind === 'authorization_code') {
      const redirectTo = await this.codePurpose().approve(purpose.request, {
        user: { id: user.id, orgId: user.orgId, email: user.email },
        sessionLifetimeSeconds,
        idpId: this.deps.idpId,
        clientIp: browser.clientIp,
        userAgent: browser.userAgent,
      });
      this.deps.logger.info({ userId: user.id }, 'browser sign-in approved; code issued');
      return { ok: true, email: admitted.email, purpose, redirectTo };
    }
    const approved = await this.deps.devices.approve(purpose.deviceAuthorizationId, {
      userId: user.id,
      orgId: user.orgId,
      email: user.email,
      sessionLifetimeSeconds,
      idpId: this.deps.idpId,
    });
    if (!approved) {
      await this.recordFailure('expired_code', browser, user, purpose);
      return {
        ok: false,
        error: new LoginError(
          LoginErrorCode.INVALID_STATE,
          'This device code expired or was already used while you were signing in. Start the sign-in again in your terminal.',
        ),
      };
    }
    this.deps.logger.info({ userId: user.id, device: purpose.deviceAuthorizationId }, 'device sign-in approved');
    return { ok: true, email: admitted.email, purpose };
  }

  private async refuse(
    error: LoginError,
    purpose: LoginPurpose | undefined,
    browser: BrowserContext,
  ): Promise<SignInResult> {
    this.deps.logger.warn({ code: error.code, reason: error.message }, 'sign-in refused');
    if (purpose?.kind === 'device' && isPolicyRefusal(error.code)) {
      await this.deps.devices.deny(purpose.deviceAuthorizationId);
    }
    await this.recordFailure(failureReasonOf(error.code), browser, null, purpose);
    if (purpose?.kind === 'authorization_code') {
      return { ok: false, error, redirectTo: this.codePurpose().refuse(purpose.request, error) };
    }
    return { ok: false, error };
  }

  private codePurpose(): AuthorizationCodePurpose {
    if (this.deps.authorizationCodes === undefined) {
      throw new Error('a sign-in for an authorization code needs SignInFlowDeps.authorizationCodes');
    }
    return this.deps.authorizationCodes;
  }

  private recordFailure(
    failureReason: ReturnType<typeof failureReasonOf> | 'expired_code',
    browser: BrowserContext,
    user: { id: string; orgId: string; email: string | null } | null,
    purpose: LoginPurpose | undefined,
  ): Promise<void> {
    return this.deps.sessions.recordFailedLogin({
      failureReason,
      user,
      method: purpose?.kind === 'authorization_code' ? 'oidc_loopback_pkce' : 'device_grant',
      idpId: this.deps.idpId,
      clientIp: browser.clientIp,
      userAgent: browser.userAgent,
    });
  }
}

function asLoginError(error: unknown): LoginError {
  if (error instanceof LoginError) return error;
  throw error;
}

function directoryRefusal(error: unknown): LoginError {
  if (!(error instanceof DirectoryError)) throw error;
  if (error.code === DirectoryErrorCode.USER_INACTIVE) {
    return new LoginError(
      LoginErrorCode.USER_INACTIVE,
      'Your Gatehouse account is deactivated. Ask your administrator to restore it.',
    );
  }
  return new LoginError(LoginErrorCode.DIRECTORY_REFUSED, `Gatehouse could not sign you in: ${error.message}`);
}
