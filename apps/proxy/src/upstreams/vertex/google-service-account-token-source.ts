import { importPKCS8, type KeyLike, SignJWT } from 'jose';
import { type Dispatcher, request } from 'undici';
import type { ServiceAccountKey } from './service-account-key';
import { VertexAdapterError, VertexAdapterErrorCode } from './vertex-adapter-error';

/** Supplies the OAuth access token Vertex requests carry as `Authorization: Bearer …`. */
export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
}

export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google accepts assertions valid for at most an hour. */
const ASSERTION_LIFETIME_SECONDS = 3600;
/** Refresh this long before expiry so a token never expires between signing and Vertex's check. */
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60 * 1000;
const EXCHANGE_TIMEOUT_MS = 10_000;

export interface GoogleServiceAccountTokenSourceOptions {
  readonly key: ServiceAccountKey;
  readonly scope?: string;
  /** Wall clock in milliseconds (tests inject one). */
  readonly now?: () => number;
  /** undici dispatcher for the token exchange (tests inject a MockAgent). */
  readonly dispatcher?: Dispatcher;
  readonly refreshMarginMs?: number;
}

interface CachedToken {
  readonly token: string;
  /** When to stop using it: the expiry minus the refresh margin. */
  readonly refreshAtMs: number;
}

/**
 * Google's two-legged OAuth for service accounts (RFC 7523): a JWT signed with the account's
 * private key is exchanged at `token_uri` for an access token. The token is cached until shortly
 * before it expires, and concurrent callers share one exchange, so a burst of requests after
 * expiry costs one round trip to Google, not one per request.
 */
export class GoogleServiceAccountTokenSource implements AccessTokenSource {
  private readonly key: ServiceAccountKey;
  private readonly scope: string;
  private readonly now: () => number;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly refreshMarginMs: number;
  private signingKey: Promise<KeyLike> | null = null;
  private cached: CachedToken | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(options: GoogleServiceAccountTokenSourceOptions) {
    this.key = options.key;
    this.scope = options.scope ?? CLOUD_PLATFORM_SCOPE;
    this.now = options.now ?? Date.now;
    this.dispatcher = options.dispatcher;
    this.refreshMarginMs = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  }

  getAccessToken(): Promise<string> {
    if (this.cached !== null && this.now() < this.cached.refreshAtMs) {
      return Promise.resolve(this.cached.token);
    }
    if (this.inFlight === null) {
      this.inFlight = this.refresh().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async refresh(): Promise<string> {
    const assertion = await this.signAssertion();
    const { token, expiresInSeconds } = await this.exchange(assertion);
    const lifetimeMs = expiresInSeconds * 1000;
    // A short-lived token still gets used for half its life rather than never being cached.
    const margin = Math.min(this.refreshMarginMs, lifetimeMs / 2);
    this.cached = { token, refreshAtMs: this.now() + lifetimeMs - margin };
    return token;
  }

  private async signAssertion(): Promise<string> {
    this.signingKey ??= importPKCS8(this.key.private_key, 'RS256').catch((error: unknown) => {
      this.signingKey = null;
      throw new VertexAdapterError(
        VertexAdapterErrorCode.InvalidServiceAccount,
        'the service-account private_key is not an RSA PKCS#8 key',
        { cause: error },
      );
    });
    const issuedAt = Math.floor(this.now() / 1000);
    const header = this.key.private_key_id
      ? { alg: 'RS256', typ: 'JWT', kid: this.key.private_key_id }
      : { alg: 'RS256', typ: 'JWT' };
    return new SignJWT({ scope: this.scope })
      .setProtectedHeader(header)
      .setIssuer(this.key.client_email)
      .setAudience(this.key.token_uri)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
      .sign(await this.signingKey);
  }

  private async exchange(assertion: string): Promise<{ token: string; expiresInSeconds: number }> {
    const failed = (detail: string, cause?: unknown): VertexAdapterError =>
      new VertexAdapterError(
        VertexAdapterErrorCode.TokenExchangeFailed,
        `Google token exchange for ${this.key.client_email} at ${this.key.token_uri} failed: ${detail}`,
        { cause },
      );
    let response: Dispatcher.ResponseData;
    try {
      response = await request(this.key.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }).toString(),
        dispatcher: this.dispatcher,
        headersTimeout: EXCHANGE_TIMEOUT_MS,
        bodyTimeout: EXCHANGE_TIMEOUT_MS,
      });
    } catch (error) {
      throw failed((error as Error).message, error);
    }
    const text = await response.body.text();
    const json = parseObject(text);
    if (response.statusCode !== 200) {
      const reason = [json?.error, json?.error_description].filter((v) => typeof v === 'string');
      throw failed(`HTTP ${response.statusCode}${reason.length ? ` ${reason.join(': ')}` : ''}`);
    }
    const token = json?.access_token;
    const expiresIn = json?.expires_in;
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
      throw failed('the answer has no access_token/expires_in');
    }
    return { token, expiresInSeconds: expiresIn };
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
