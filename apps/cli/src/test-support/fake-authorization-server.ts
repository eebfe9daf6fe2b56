import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Who approves a sign-in on the fake server; becomes the access token's claims. */
export interface FakeUser {
  sub: string;
  email: string;
  name: string;
  org: string;
  team?: string;
  groups: string[];
  roles: string[];
}

export interface FakeAuthorizationServerOptions {
  accessTokenTtlSeconds?: number;
  /** Device flow `interval`; polling faster than it is answered with `slow_down`. */
  intervalSeconds?: number;
  deviceCodeTtlSeconds?: number;
  /** Delay before answering a refresh, to widen the window in which concurrent refreshes race. */
  refreshDelayMs?: number;
  /** Advertise `/authorize` (loopback + PKCE browser login), which Gatehouse's auth does not serve yet. */
  authorizationEndpoint?: boolean;
  revocationEndpoint?: boolean;
  /** The user `/authorize` signs in at once, like an IdP session that already exists. */
  browserUser?: FakeUser;
}

interface DeviceGrant {
  userCode: string;
  expiresAt: number;
  lastPollAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  user?: FakeUser;
}

interface Session {
  sid: string;
  user: FakeUser;
  active: boolean;
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * An OAuth authorization server on loopback that follows the gateway protocol faithfully: RFC
 * 8414 metadata, RFC 8628 device grant (authorization_pending, slow_down, access_denied,
 * expired_token, single-use device codes), refresh tokens that rotate on use where reusing a
 * spent one revokes the whole session (401 invalid_grant from then on), RFC 7009 revocation, and
 * optionally an authorization endpoint with PKCE. Tests drive the "browser" side through its
 * methods (approve, deny, endSession) and read what clients did from its counters.
 */
export class FakeAuthorizationServer {
  readonly refreshGrants: string[] = [];
  readonly reuseDetected: string[] = [];
  readonly revokedTokens: { token: string; hint?: string }[] = [];
  readonly userAgents = new Set<string>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Map<string, { sid: string; spent: boolean }>();
  private readonly codes = new Map<
    string,
    { user: FakeUser; challenge: string; redirectUri: string }
  >();
  private readonly secret = randomBytes(32);
  private server: Server | undefined;
  private base = '';

  constructor(private readonly options: FakeAuthorizationServerOptions = {}) {
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 900;
  }

  /** Lifetime of the next access tokens issued; tests shorten it to make `gatehouse token` refresh. */
  accessTokenTtlSeconds: number;

  get url(): string {
    return this.base;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** User codes the server has handed out and nobody has approved or denied yet. */
  pendingUserCodes(): string[] {
    return [...this.devices.values()]
      .filter((grant) => grant.status === 'pending')
      .map((grant) => grant.userCode);
  }

  approve(userCode: string, user: FakeUser): void {
    this.grantFor(userCode).user = user;
    this.grantFor(userCode).status = 'approved';
  }

  deny(userCode: string): void {
    this.grantFor(userCode).status = 'denied';
  }

  /** Ends every session, as deprovisioning in the IdP would: refreshes get invalid_grant. */
  endAllSessions(): void {
    for (const session of this.sessions.values()) session.active = false;
  }

  activeSessions(): number {
    return [...this.sessions.values()].filter((session) => session.active).length;
  }

  private grantFor(userCode: string): DeviceGrant {
    const grant = [...this.devices.values()].find((candidate) => candidate.userCode === userCode);
    if (grant === undefined) throw new Error(`no device grant with user code ${userCode}`);
    return grant;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.base);
    const agent = request.headers['user-agent'];
    if (agent !== undefined) this.userAgents.add(agent);
    const route = `${request.method} ${url.pathname}`;
    if (route === 'GET /.well-known/oauth-authorization-server')
      return json(response, 200, this.metadata());
    if (route === 'GET /authorize' && this.options.authorizationEndpoint)
      return this.authorize(url, response);
    if (request.method !== 'POST') return json(response, 404, { error: 'not_found' });
    const form = new URLSearchParams(await readBody(request));
    if (url.pathname === '/oauth/device_authorization') return this.deviceAuthorization(response);
    if (url.pathname === '/oauth/token') return this.token(form, response);
    if (url.pathname === '/oauth/revoke' && this.options.revocationEndpoint !== false)
      return this.revoke(form, response);
    return json(response, 404, { error: 'not_found' });
  }

  private metadata(): Record<string, unknown> {
    return {
      issuer: this.base,
      device_authorization_endpoint: `${this.base}/oauth/device_authorization`,
      token_endpoint: `${this.base}/oauth/token`,
      ...(this.options.revocationEndpoint === false
        ? {}
        : { revocation_endpoint: `${this.base}/oauth/revoke` }),
      ...(this.options.authorizationEndpoint
        ? { authorization_endpoint: `${this.base}/authorize` }
        : {}),
      grant_types_supported: [DEVICE_CODE_GRANT, 'refresh_token'],
    };
  }

  private deviceAuthorization(response: ServerResponse): void {
    const deviceCode = randomBytes(32).toString('base64url');
    const userCode = `${randomCode(4)}-${randomCode(4)}`;
    const ttl = this.options.deviceCodeTtlSeconds ?? 600;
    this.devices.set(deviceCode, {
      userCode,
      expiresAt: Date.now() + ttl * 1000,
      status: 'pending',
    });
    json(response, 200, {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: `${this.base}/device`,
      verification_uri_complete: `${this.base}/device?user_code=${userCode}`,
      expires_in: ttl,
      interval: this.options.intervalSeconds ?? 1,
    });
  }

  private async token(form: URLSearchParams, response: ServerResponse): Promise<void> {
    switch (form.get('grant_type')) {
      case DEVICE_CODE_GRANT:
        return this.deviceToken(form.get('device_code') ?? '', response);
      case 'refresh_token':
        return this.refresh(form.get('refresh_token') ?? '', response);
      case 'authorization_code':
        return this.codeToken(form, response);
      default:
        return json(response, 400, { error: 'unsupported_grant_type' });
    }
  }

  private deviceToken(deviceCode: string, response: ServerResponse): void {
    const grant = this.devices.get(deviceCode);
    if (grant === undefined || grant.status === 'consumed')
      return json(response, 400, { error: 'invalid_grant' });
    const now = Date.now();
    if (now >= grant.expiresAt) return json(response, 400, { error: 'expired_token' });
    if (grant.status === 'denied') return json(response, 400, { error: 'access_denied' });
    const tooSoon =
      grant.lastPollAt !== undefined &&
      now - grant.lastPollAt < (this.options.intervalSeconds ?? 1) * 1000 - 50;
    grant.lastPollAt = now;
    if (tooSoon) return json(response, 400, { error: 'slow_down' });
    if (grant.status === 'pending' || grant.user === undefined)
      return json(response, 400, { error: 'authorization_pending' });
    grant.status = 'consumed';
    json(response, 200, this.issue(this.newSession(grant.user), true));
  }

  private async refresh(refreshToken: string, response: ServerResponse): Promise<void> {
    this.refreshGrants.push(refreshToken);
    const record = this.refreshTokens.get(refreshToken);
    const session = record === undefined ? undefined : this.sessions.get(record.sid);
    if (record === undefined || session === undefined || !session.active)
      return json(response, 401, { error: 'invalid_grant' });
    if (record.spent) {
      // Reuse of a rotated token means it was copied: end the session for everyone holding it.
      this.reuseDetected.push(refreshToken);
      session.active = false;
      return json(response, 401, {
        error: 'invalid_grant',
        error_description: 'refresh token reused',
      });
    }
    record.spent = true;
    if (this.options.refreshDelayMs)
      await new Promise((resolve) => setTimeout(resolve, this.options.refreshDelayMs));
    json(response, 200, this.issue(session, false));
  }

  private authorize(url: URL, response: ServerResponse): void {
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const user = this.options.browserUser;
    if (
      url.searchParams.get('code_challenge_method') !== 'S256' ||
      user === undefined ||
      !redirectUri.startsWith('http://127.0.0.1:')
    ) {
      return json(response, 400, { error: 'invalid_request' });
    }
    const code = randomBytes(16).toString('base64url');
    this.codes.set(code, {
      user,
      challenge: url.searchParams.get('code_challenge') ?? '',
      redirectUri,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('state', url.searchParams.get('state') ?? '');
    response.writeHead(302, { location: target.href }).end();
  }

  private codeToken(form: URLSearchParams, response: ServerResponse): void {
    const code = this.codes.get(form.get('code') ?? '');
    this.codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      code === undefined ||
      code.challenge !== challenge ||
      code.redirectUri !== form.get('redirect_uri')
    ) {
      return json(response, 400, { error: 'invalid_grant' });
    }
    json(response, 200, this.issue(this.newSession(code.user), false));
  }

  private revoke(form: URLSearchParams, response: ServerResponse): void {
    const token = form.get('token') ?? '';
    this.revokedTokens.push({
      token,
      ...(form.get('token_type_hint') ? { hint: form.get('token_type_hint') ?? '' } : {}),
    });
    const record = this.refreshTokens.get(token);
    const session = record === undefined ? undefined : this.sessions.get(record.sid);
    if (session !== undefined) session.active = false;
    json(response, 200, {});
  }

  private newSession(user: FakeUser): Session {
    const session = { sid: `ses_${randomBytes(6).toString('hex')}`, user, active: true };
    this.sessions.set(session.sid, session);
    return session;
  }

  private issue(session: Session, withEmail: boolean): Record<string, unknown> {
    const ttl = this.accessTokenTtlSeconds;
    const now = Math.floor(Date.now() / 1000);
    const refreshToken = randomBytes(24).toString('base64url');
    this.refreshTokens.set(refreshToken, { sid: session.sid, spent: false });
    const claims = {
      iss: this.base,
      aud: 'gatehouse',
      iat: now,
      exp: now + ttl,
      sid: session.sid,
      jti: randomBytes(8).toString('hex'),
      ...session.user,
    };
    return {
      access_token: this.sign(claims),
      token_type: 'Bearer',
      expires_in: ttl,
      refresh_token: refreshToken,
      ...(withEmail ? { email: session.user.email } : {}),
    };
  }

  private sign(claims: Record<string, unknown>): string {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signature = createHmac('sha256', this.secret)
      .update(`${header}.${payload}`)
      .digest('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

function randomCode(length: number): string {
  return [...randomBytes(length)]
    .map((byte) => USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length])
    .join('');
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
