import type { Principal } from './principal';
import { TOKEN_REJECTIONS, TokenRejection } from './token-rejection';

/** Outcome of checking a credential. Verification never throws for bad input; it returns this. */
export type VerifyResult =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: TokenRejection; readonly message: string };

export type VerifyRejected = Extract<VerifyResult, { ok: false }>;

/** A rejection with the catalogue's developer-facing message, or a more specific one. */
export function rejected(reason: TokenRejection, message?: string): VerifyRejected {
  return { ok: false, reason, message: message ?? TOKEN_REJECTIONS[reason].message };
}
