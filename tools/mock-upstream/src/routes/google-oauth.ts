import { createVerify } from 'node:crypto';
import { type Exchange, sendJson } from '../http-util';
import { newAccessToken } from '../ids';
import type { RouteDef, ServerContext } from '../router';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_LIFETIME_SECONDS = 3599;
const MAX_ISSUED_TOKENS = 100_000;

function oauthError(exchange: Exchange, error: string, description: string): void {
  sendJson(exchange, 400, { error, error_description: description });
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Why a service-account assertion is refused, or undefined when it is acceptable. */
function assertionProblem(
  assertion: string,
  publicKey: string | undefined,
  nowSeconds: number,
): string | undefined {
  const segments = assertion.split('.');
  if (segments.length !== 3) return 'Invalid JWT: not three dot-separated segments.';
  const [head, body, signature] = segments;
  const jwtHeader = decodeSegment(head);
  const claims = decodeSegment(body);
  if (!jwtHeader || !claims) return 'Invalid JWT: segments are not base64url JSON.';
  if (jwtHeader.alg !== 'RS256') return 'Invalid JWT: alg must be RS256.';
  if (typeof claims.iss !== 'string' || typeof claims.aud !== 'string')
    return 'Invalid JWT: iss and aud are required.';
  const exp = Number(claims.exp);
  const iat = Number(claims.iat);
  if (!Number.isFinite(exp) || !Number.isFinite(iat) || exp < nowSeconds || exp - iat > 3600) {
    return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.';
  }
  if (publicKey !== undefined) {
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${head}.${body}`);
    if (!verifier.verify(publicKey, Buffer.from(signature, 'base64url')))
      return 'Invalid JWT Signature.';
  }
  return undefined;
}

/**
 * Google's OAuth token endpoint as the Vertex client libraries use it: a service-account JWT
 * exchanged for an access token (and, for user credentials, a refresh-token grant). Issued tokens
 * are then accepted as `Authorization: Bearer` by the Vertex routes.
 */
function token(ctx: ServerContext, exchange: Exchange): void {
  const form = new URLSearchParams(exchange.body.toString('utf8'));
  const grantType = form.get('grant_type');
  if (grantType === JWT_BEARER) {
    const problem = assertionProblem(
      form.get('assertion') ?? '',
      ctx.config.vertex.serviceAccountPublicKey,
      Math.floor(Date.now() / 1000),
    );
    if (problem) return oauthError(exchange, 'invalid_grant', problem);
  } else if (grantType === 'refresh_token') {
    if (!form.get('refresh_token'))
      return oauthError(exchange, 'invalid_request', 'Missing required parameter: refresh_token');
  } else {
    return oauthError(exchange, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }
  const accessToken = newAccessToken();
  if (ctx.issuedVertexTokens.size >= MAX_ISSUED_TOKENS) ctx.issuedVertexTokens.clear();
  ctx.issuedVertexTokens.add(accessToken);
  sendJson(exchange, 200, {
    access_token: accessToken,
    expires_in: TOKEN_LIFETIME_SECONDS,
    token_type: 'Bearer',
  });
}

export const googleOauthRoutes: RouteDef[] = [
  { method: 'POST', pattern: /^\/token$/, name: 'google.token', handle: token },
];
