import { CliError, CliErrorCode, SESSION_ENDED_MESSAGE } from '../cli-error';
import type { CliIo } from '../cli-io';
import { AccessTokenProvider } from '../credentials/access-token-provider';
import type { CredentialContext } from '../credentials/credential-context';
import type { CredentialStore, StoredCredentials } from '../credentials/stored-credentials';
import { scriptedFetch, virtualClock, type ScriptedAnswer } from '../test-support/scripted-fetch';
import { runPolicy } from './policy-command';

class MemoryStore implements CredentialStore {
  readonly location = 'memory';
  constructor(public value: StoredCredentials | undefined) {}
  async load() {
    return this.value;
  }
  async save(credentials: StoredCredentials) {
    this.value = credentials;
  }
  async clear() {
    this.value = undefined;
  }
}

const T0 = 1_700_000_000_000;
const SETTINGS = '/managed/settings.json';

function credentials(overrides: Partial<StoredCredentials> = {}): StoredCredentials {
  return {
    version: 1,
    gatewayUrl: 'http://gw.test/gatehouse',
    authUrl: 'http://auth.test',
    tokenEndpoint: 'http://auth.test/oauth/token',
    accessToken: 'at-old',
    refreshToken: 'rt-old',
    expiresAt: T0 + 10 * 60_000,
    ...overrides,
  };
}

function setup(stored: StoredCredentials | undefined, script: Record<string, ScriptedAnswer[]>) {
  const clock = virtualClock(T0);
  const { fetch, requests } = scriptedFetch(script);
  const store = new MemoryStore(stored);
  const transport = { fetch, userAgent: 'gatehouse-cli/test' };
  const context: CredentialContext = {
    store,
    transport,
    tokens: new AccessTokenProvider({
      store,
      transport,
      now: clock.now,
      withRefreshLock: async (work) => work(),
    }),
  };
  const out: string[] = [];
  const io = { out: (text: string) => out.push(text) } as Pick<CliIo, 'out'> as CliIo;
  return { context, io, out, requests, store };
}

async function failure(work: Promise<void>): Promise<CliError> {
  const error = await work.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof CliError) return error;
  throw new Error(`expected a CliError, got ${String(error)}`);
}

describe('gatehouse policy', () => {
  it('prints only the served document, with the gateway env pinned, using the stored token', async () => {
    const { context, io, out, requests } = setup(credentials(), {
      [`/gatehouse${SETTINGS}`]: [
        {
          status: 200,
          body: { permissions: { deny: ['Read(./.env)'] }, env: { FOO: 'bar' } },
        },
      ],
    });
    await runPolicy(io, context);
    expect(out).toHaveLength(1);
    expect(JSON.parse(out[0] ?? '')).toEqual({
      permissions: { deny: ['Read(./.env)'] },
      env: {
        ANTHROPIC_BASE_URL: 'http://gw.test/gatehouse',
        CLAUDE_CODE_GATEWAY_HINT_HEADERS: '1',
        FOO: 'bar',
      },
    });
    expect(requests.map((request) => request.url)).toEqual([
      'http://gw.test/gatehouse/managed/settings.json',
    ]);
    expect(requests[0]?.headers['authorization']).toBe('Bearer at-old');
  });

  it('refreshes an expiring token first, as `gatehouse token` does', async () => {
    const { context, io, out, requests, store } = setup(credentials({ expiresAt: T0 + 1_000 }), {
      '/oauth/token': [
        {
          status: 200,
          body: {
            access_token: 'at-new',
            token_type: 'Bearer',
            expires_in: 900,
            refresh_token: 'rt-new',
          },
        },
      ],
      [`/gatehouse${SETTINGS}`]: [{ status: 200, body: {} }],
    });
    await runPolicy(io, context);
    expect(requests.map((request) => new URL(request.url).pathname)).toEqual([
      '/oauth/token',
      `/gatehouse${SETTINGS}`,
    ]);
    expect(requests[1]?.headers['authorization']).toBe('Bearer at-new');
    expect(store.value?.refreshToken).toBe('rt-new');
    expect(JSON.parse(out[0] ?? '').env.ANTHROPIC_BASE_URL).toBe('http://gw.test/gatehouse');
  });

  it('prints {} when no policy is configured (404)', async () => {
    const { context, io, out } = setup(credentials(), {
      [`/gatehouse${SETTINGS}`]: [{ status: 404, body: { type: 'error' } }],
    });
    await runPolicy(io, context);
    expect(out).toEqual(['{}']);
  });

  it('fails without printing on 401, 403, 5xx, an invalid document and no login', async () => {
    const cases: [ScriptedAnswer, CliErrorCode][] = [
      [{ status: 401, body: { type: 'error' } }, CliErrorCode.SESSION_ENDED],
      [{ status: 403, body: { type: 'error' } }, CliErrorCode.ACCESS_DENIED],
      [{ status: 503, body: { type: 'error' } }, CliErrorCode.PROTOCOL_ERROR],
      [{ status: 200, body: ['not', 'an', 'object'] }, CliErrorCode.PROTOCOL_ERROR],
      [new TypeError('fetch failed'), CliErrorCode.UNREACHABLE],
    ];
    for (const [answer, code] of cases) {
      const { context, io, out } = setup(credentials(), { [`/gatehouse${SETTINGS}`]: [answer] });
      const error = await failure(runPolicy(io, context));
      expect(error.code).toBe(code);
      expect(out).toEqual([]);
    }
    const expired = setup(credentials(), { [`/gatehouse${SETTINGS}`]: [{ status: 401 }] });
    expect((await failure(runPolicy(expired.io, expired.context))).message).toBe(
      SESSION_ENDED_MESSAGE,
    );
    const anonymous = setup(undefined, {});
    expect((await failure(runPolicy(anonymous.io, anonymous.context))).code).toBe(
      CliErrorCode.NOT_LOGGED_IN,
    );
  });
});
