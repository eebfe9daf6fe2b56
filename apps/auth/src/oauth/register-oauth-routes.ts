import type { Logger } from '@gatehouse/observability';
import type { ServiceFastify } from '@gatehouse/service-kit';
import { parse } from 'node:querystring';
import type { SigningKeyManager } from '../tokens/signing-key-manager';
import { authorizationServerMetadata } from './authorization-server-metadata';
import { OAuthErrorCode, oauthError, type OAuthResponse } from './oauth-error';
import type { RevocationEndpoint } from './revocation-endpoint';
import type { TokenBucketLimiter } from './token-bucket';
import type { OAuthForm, TokenEndpoint } from './token-endpoint';

export interface OAuthRouteDeps {
  /** AUTH_PUBLIC_URL: the issuer and the origin of every advertised endpoint. */
  publicUrl: string;
  keys: Pick<SigningKeyManager, 'jwks' | 'generation'>;
  tokens: TokenEndpoint;
  revocation: RevocationEndpoint;
  /** Per-IP limit on `POST /oauth/token`. */
  tokenRateLimit: TokenBucketLimiter;
  /** Set by the browser-login flow when it serves an authorization endpoint. */
  authorizationEndpoint?: string;
  logger: Pick<Logger, 'error'>;
  /** Seconds proxies and caches may keep the JWKS. Default 300. */
  jwksMaxAgeSec?: number;
}

const FORM = 'application/x-www-form-urlencoded';
/** OAuth forms are small; anything larger is not a token request. */
const FORM_BODY_LIMIT = 16 * 1024;

/**
 * The OAuth routes Claude Code and the gatehouse CLI call, answered directly (no redirects):
 * RFC 8414 metadata, the JWKS, the token endpoint and RFC 7009 revocation. Registered in an
 * encapsulated scope with its own form parser, so the parser Nest adds at the root later does not
 * clash with it.
 */
export async function registerOAuthRoutes(
  fastify: ServiceFastify,
  deps: OAuthRouteDeps,
): Promise<void> {
  await fastify.register(async (scope) => {
    if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
    scope.addContentTypeParser(
      FORM,
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => {
        done(null, parse(String(body)));
      },
    );

    scope.get('/.well-known/oauth-authorization-server', async (_request, reply) => {
      const document = authorizationServerMetadata({
        publicUrl: deps.publicUrl,
        deviceGrant: deps.tokens.deviceGrantWired,
        authorizationEndpoint: deps.authorizationEndpoint,
      });
      return reply.header('cache-control', 'public, max-age=300').send(document);
    });

    scope.get('/.well-known/jwks.json', async (request, reply) => {
      const etag = `"jwks-${deps.keys.generation}"`;
      reply
        .header('cache-control', `public, max-age=${deps.jwksMaxAgeSec ?? 300}`)
        .header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      return reply.type('application/jwk-set+json').send(JSON.stringify(deps.keys.jwks()));
    });

    scope.post('/oauth/token', async (request, reply) => {
      const limited = deps.tokenRateLimit.take(request.ip);
      if (!limited.allowed) {
        return send(
          reply,
          oauthError(
            OAuthErrorCode.SLOW_DOWN,
            `Too many token requests from this address; retry in ${limited.retryAfterSec} s.`,
            {
              headers: {
                'retry-after': String(limited.retryAfterSec),
                'cache-control': 'no-store',
              },
            },
          ),
        );
      }
      const form = formOf(request.body, request.headers['content-type']);
      if (form === null) return send(reply, notAForm());
      return send(reply, await deps.tokens.handle(form));
    });

    scope.post('/oauth/revoke', async (request, reply) => {
      const form = formOf(request.body, request.headers['content-type']);
      if (form === null) return send(reply, notAForm());
      return send(reply, await deps.revocation.handle(form));
    });
  });
}

interface ReplyLike {
  code(status: number): ReplyLike;
  headers(values: Record<string, string>): ReplyLike;
  send(payload: unknown): unknown;
}

function send(reply: ReplyLike, response: OAuthResponse): unknown {
  return reply
    .code(response.status)
    .headers({ ...response.headers })
    .send(response.body);
}

function formOf(body: unknown, contentType: string | undefined): OAuthForm | null {
  if (!contentType?.toLowerCase().startsWith(FORM)) return null;
  if (typeof body !== 'object' || body === null) return {};
  return body as OAuthForm;
}

function notAForm(): OAuthResponse {
  return oauthError(
    OAuthErrorCode.INVALID_REQUEST,
    `The request body must be ${FORM} (RFC 6749 §3.2).`,
    { headers: { 'cache-control': 'no-store' } },
  );
}
