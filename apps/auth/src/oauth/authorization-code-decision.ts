import { verifierMatchesChallenge } from './pkce-check';

/** Codes live 60 s: the CLI redeems its code within a second of the redirect. */
export const AUTHORIZATION_CODE_TTL_MS = 60_000;

/** The stored side of an authorization code, as the decision needs it. */
export interface StoredAuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
  /** The session created by the one successful exchange. */
  readonly sessionId: string | null;
}

/** What the token request presents with the code (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export interface PresentedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
}

export type CodeRefusal =
  | 'unknown_code'
  | 'code_reused'
  | 'code_expired'
  | 'client_mismatch'
  | 'redirect_uri_mismatch'
  | 'verifier_mismatch';

export type CodeExchangeDecision =
  | { readonly kind: 'redeem' }
  | {
      readonly kind: 'refuse';
      readonly reason: CodeRefusal;
      /** Mark the code used, so a failed attempt burns it (no second guess at the verifier). */
      readonly consume: boolean;
      /** RFC 6749 §4.1.2: a code used twice revokes what it issued. */
      readonly revokeSessionId?: string;
    };

/**
 * The code's state machine: issued → redeemed once → refused forever. Pure, with the clock
 * passed in, so each rule is tested without a database. Every refusal is `invalid_grant`.
 */
export function decideCodeExchange(
  code: StoredAuthorizationCode | undefined,
  presented: PresentedCode,
  now: Date,
): CodeExchangeDecision {
  if (code === undefined) return { kind: 'refuse', reason: 'unknown_code', consume: false };
  if (code.consumedAt !== null) {
    return {
      kind: 'refuse',
      reason: 'code_reused',
      consume: false,
      ...(code.sessionId === null ? {} : { revokeSessionId: code.sessionId }),
    };
  }
  if (code.expiresAt.getTime() <= now.getTime()) {
    return { kind: 'refuse', reason: 'code_expired', consume: true };
  }
  if (presented.clientId !== code.clientId) {
    return { kind: 'refuse', reason: 'client_mismatch', consume: true };
  }
  if (presented.redirectUri !== code.redirectUri) {
    return { kind: 'refuse', reason: 'redirect_uri_mismatch', consume: true };
  }
  if (!verifierMatchesChallenge(presented.codeVerifier, code.codeChallenge)) {
    return { kind: 'refuse', reason: 'verifier_mismatch', consume: true };
  }
  return { kind: 'redeem' };
}

/** Sentences the CLI shows; each says what to do. */
export const CODE_REFUSAL_DESCRIPTIONS: Record<CodeRefusal, string> = {
  unknown_code: 'The authorization code is not valid. Run `gatehouse login` again.',
  code_reused:
    'This authorization code was already used, so the session it created was revoked. Run `gatehouse login` again.',
  code_expired: 'The authorization code expired. Run `gatehouse login` again.',
  client_mismatch:
    'The authorization code was issued to another client. Run `gatehouse login` again.',
  redirect_uri_mismatch:
    'redirect_uri does not match the one of the authorization request. Run `gatehouse login` again.',
  verifier_mismatch:
    'The code_verifier does not match the code_challenge of the authorization request. Run `gatehouse login` again.',
};
