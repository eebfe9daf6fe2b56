import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { calculateJwkThumbprint, SignJWT } from 'jose';
import { AccessTokenError, AccessTokenErrorCode } from '../access-token-error';
import {
  accessTokenClaimsSchema,
  GATEWAY_AUDIENCE,
  type AccessTokenClaims,
} from '../access-token-claims';
import type { JsonWebKeySet } from '../key-set';
import {
  createPrivateJwk,
  defaultDevSignerDir,
  readPrivateJwk,
  writeJwks,
} from './dev-signer-files';

/** The Auth service's local URL, the `iss` of dev tokens. */
export const DEV_ISSUER = 'http://127.0.0.1:4001';

export interface TestTokenSignerOptions {
  readonly issuer?: string;
  readonly audience?: string;
  /** Clock in epoch milliseconds; injected by tests. */
  readonly now?: () => number;
}

export interface SignOptions {
  /** Lifetime from `iat`; default 900 s, the Auth service's access token lifetime. */
  readonly expiresInSec?: number;
}

/**
 * Mints access tokens exactly as the Auth service will (ES256, `kid`, the claims contract), so the
 * proxy's real verification path runs in local stacks and tests before Auth issues tokens.
 * See docs/dev-test-signer.md. Never configure a production proxy to trust its JWKS.
 */
export class TestTokenSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicJwk: Readonly<Record<string, unknown>>,
    readonly kid: string,
    private readonly options: TestTokenSignerOptions,
  ) {}

  /** A fresh in-memory key pair (unit tests). */
  static async generate(options: TestTokenSignerOptions = {}): Promise<TestTokenSigner> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return TestTokenSigner.fromPrivateKey(privateKey, options);
  }

  /**
   * The shared dev signer: loads the key pair from `dir` (default `.gatehouse/dev-signer`), or
   * creates it there, and (re)writes `jwks.json` for the proxy to load.
   */
  static async loadOrCreate(
    dir: string = defaultDevSignerDir(),
    options: TestTokenSignerOptions = {},
  ): Promise<TestTokenSigner> {
    let jwk = readPrivateJwk(dir);
    if (jwk === undefined) {
      const fresh = await TestTokenSigner.generate(options);
      if (createPrivateJwk(dir, fresh.exportPrivateJwk())) {
        writeJwks(dir, fresh.jwks());
        return fresh;
      }
      jwk = readPrivateJwk(dir);
    }
    const signer = await TestTokenSigner.fromPrivateJwk(jwk ?? {}, dir, options);
    writeJwks(dir, signer.jwks());
    return signer;
  }

  private static async fromPrivateJwk(
    jwk: Record<string, unknown>,
    dir: string,
    options: TestTokenSignerOptions,
  ): Promise<TestTokenSigner> {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    } catch (error) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_SIGNER_FILES,
        `the dev signer key in ${dir} cannot be imported (${(error as Error).message}); delete ${dir} to start over`,
      );
    }
    if (privateKey.asymmetricKeyType !== 'ec' || jwk['crv'] !== 'P-256') {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_SIGNER_FILES,
        `the dev signer key in ${dir} is not a P-256 key; delete ${dir} to start over`,
      );
    }
    return TestTokenSigner.fromPrivateKey(privateKey, options);
  }

  private static async fromPrivateKey(
    privateKey: KeyObject,
    options: TestTokenSignerOptions,
  ): Promise<TestTokenSigner> {
    const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
    if (kty !== 'EC' || crv !== 'P-256') {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_SIGNER_FILES,
        'dev signer keys are P-256',
      );
    }
    // The RFC 7638 thumbprint makes the kid a function of the key, so two processes that load the
    // same file agree on it and a regenerated key never reuses an old kid.
    const kid = `dev-${await calculateJwkThumbprint({ kty, crv, x, y })}`;
    const publicJwk = Object.freeze({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' });
    return new TestTokenSigner(privateKey, publicJwk, kid, options);
  }

  /** The public key set (never private members), as `/.well-known/jwks.json` would serve it. */
  jwks(): JsonWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }

  /**
   * Signs a token. Every claim has a dev default (user `usr_dev_alice` in `org_dev`, role
   * `developer`, a fresh session and token id); the result is validated against the claims
   * contract first, so a dev token is always one the proxy accepts unless a test means otherwise.
   */
  async sign(claims: Partial<AccessTokenClaims> = {}, options: SignOptions = {}): Promise<string> {
    const iat = claims.iat ?? Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    const payload = {
      iss: this.options.issuer ?? DEV_ISSUER,
      aud: this.options.audience ?? GATEWAY_AUDIENCE,
      sub: 'usr_dev_alice',
      sid: `ses_dev_${randomBytes(9).toString('base64url').replaceAll('-', '_')}`,
      jti: randomUUID(),
      org: 'org_dev',
      groups: [],
      roles: ['developer'],
      principal_type: 'user' as const,
      ...claims,
      iat,
      exp: claims.exp ?? iat + (options.expiresInSec ?? 900),
    };
    const parsed = accessTokenClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      throw new AccessTokenError(
        AccessTokenErrorCode.INVALID_CLAIMS,
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    }
    return new SignJWT(parsed.data)
      .setProtectedHeader({ alg: 'ES256', kid: this.kid, typ: 'JWT' })
      .sign(this.privateKey);
  }

  private exportPrivateJwk(): Record<string, unknown> {
    return {
      ...this.privateKey.export({ format: 'jwk' }),
      kid: this.kid,
      alg: 'ES256',
      use: 'sig',
    };
  }
}
