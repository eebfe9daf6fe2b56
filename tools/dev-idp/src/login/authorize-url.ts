import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** RFC 7636 S256 pair; the verifier is 43 characters of base64url from 32 random bytes. */
export function createPkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return {
    verifier,
    challenge: createHash('sha256').update(verifier).digest('base64url'),
    method: 'S256',
  };
}

export interface AuthorizeUrlInput {
  issuer: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope?: string;
  state?: string;
  nonce?: string;
  /** Extra parameters such as `prompt` or `acr_values`. */
  extra?: Record<string, string>;
}

/** An authorization code request against the dev IdP's `/auth` endpoint (what discovery advertises). */
export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
  const url = new URL('/auth', input.issuer);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: input.clientId,
    redirect_uri: input.redirectUri,
    scope: input.scope ?? 'openid email profile groups offline_access',
    state: input.state ?? randomBytes(16).toString('base64url'),
    nonce: input.nonce ?? randomBytes(16).toString('base64url'),
    code_challenge: input.codeChallenge,
    code_challenge_method: 'S256',
    ...input.extra,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}
