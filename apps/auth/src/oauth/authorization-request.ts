import { checkLoopbackRedirectUri, isKnownClient, redirectWith } from './cli-client';
import { isS256Challenge } from './pkce-check';

/** Where the login module serves the authorization endpoint (apps/auth/src/login/authorize-route.ts). */
export const AUTHORIZATION_PATH = '/oauth/authorize';

/** A validated RFC 6749 §4.1.1 request with PKCE (RFC 7636 §4.3): what the sign-in carries to the IdP and back. */
export interface AuthorizationRequest {
  readonly clientId: string;
  /** Exactly as sent; the token request must repeat it byte for byte (RFC 6749 §4.1.3). */
  readonly redirectUri: string;
  readonly codeChallenge: string;
  /** The client's `state`, echoed on the redirect back. */
  readonly state: string;
}

export type AuthorizationRequestCheck =
  /** Start the IdP sign-in. */
  | { readonly kind: 'accepted'; readonly request: AuthorizationRequest }
  /** Client or redirect URI not trusted: show a page, never redirect (RFC 6749 §4.1.2.1). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** A trusted redirect URI but a bad request: send the error back to the client. */
  | { readonly kind: 'error_redirect'; readonly location: string };

type Query = Readonly<Record<string, unknown>>;

/** `state` travels through the IdP round trip in the login transaction; a bound keeps that row small. */
const MAX_STATE_LENGTH = 512;

/**
 * Checks `GET /oauth/authorize`. The client and redirect URI are checked first: until both are
 * known good, nothing may be sent to the redirect URI. PKCE with S256 and `state` are required,
 * because the only client is a public one on the user's machine.
 */
export function checkAuthorizationRequest(query: Query): AuthorizationRequestCheck {
  const clientId = query['client_id'];
  if (typeof clientId !== 'string' || !isKnownClient(clientId)) {
    return {
      kind: 'refused',
      reason: 'The sign-in link names an unknown application (client_id).',
    };
  }
  const redirectUri = query['redirect_uri'];
  const redirect =
    typeof redirectUri === 'string' ? checkLoopbackRedirectUri(redirectUri) : undefined;
  if (typeof redirectUri !== 'string' || redirect === undefined || !redirect.ok) {
    const why =
      redirect !== undefined && !redirect.ok
        ? redirect.reason
        : 'the redirect_uri is missing or repeated';
    return { kind: 'refused', reason: `The sign-in link cannot be used: ${why}.` };
  }
  const state = single(query, 'state');
  const fail = (error: string, description: string): AuthorizationRequestCheck => ({
    kind: 'error_redirect',
    location: redirectWith(redirect.uri, { error, error_description: description, state }),
  });
  const responseType = single(query, 'response_type');
  if (responseType !== 'code') {
    return responseType === undefined
      ? fail('invalid_request', 'response_type is missing or repeated')
      : fail('unsupported_response_type', 'only response_type=code is supported');
  }
  if (state === undefined) return fail('invalid_request', 'state is required');
  if (state.length > MAX_STATE_LENGTH) return fail('invalid_request', 'state is too long');
  if (single(query, 'code_challenge_method') !== 'S256') {
    return fail('invalid_request', 'PKCE is required: send code_challenge_method=S256');
  }
  const codeChallenge = single(query, 'code_challenge');
  if (codeChallenge === undefined || !isS256Challenge(codeChallenge)) {
    return fail('invalid_request', 'PKCE is required: send an S256 code_challenge');
  }
  return { kind: 'accepted', request: { clientId, redirectUri, codeChallenge, state } };
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
