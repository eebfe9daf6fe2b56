import { CliErrorCode, SESSION_ENDED_MESSAGE } from '../cli-error';
import { scriptedFetch, virtualClock, type ScriptedAnswer } from '../test-support/scripted-fetch';
import { AccessTokenProvider, needsRefresh } from './access-token-provider';
import type { CredentialStore, StoredCredentials } from './stored-credentials';

class MemoryStore implements CredentialStore {
  readonly location = 'memory';
  saves = 0;
  constructor(public value: StoredCredentials | undefined) {}
  async load() {
    return this.value;
  }
  async save(credentials: StoredCredentials) {
    this.saves += 1;
    this.value = credentials;
  }
  async clear() {
    this.value = undefined;
  }
}

const T0 = 1_700_000_000_000;

function credentials(overrides: Partial<StoredCredentials> = {}): StoredCredentials {
  return {
    version: 1,
    gatewayUrl: 'http://gw.test',
    authUrl: 'http://auth.test',
    tokenEndpoint: 'http://auth.test/oauth/token',
    accessToken: 'at-old',
    refreshToken: 'rt-old',
    expiresAt: T0 + 10 * 60_000,
    ...overrides,
  };
}

function provider(stored: StoredCredentials | undefined, answers: ScriptedAnswer[]) {
  const store = new MemoryStore(stored);
  const clock = virtualClock(T0);
  const { fetch, requests } = scriptedFetch({ '/oauth/token': answers });
  let locks = 0;
  const tokens = new AccessTokenProvider({
    store,
    transport: { fetch, userAgent: 'ua' },
    now: clock.now,
    withRefreshLock: async (work) => {
      locks += 1;
      return work();
    },
  });
  return { tokens, store, requests, locks: () => locks };
}

const refreshed = {
  status: 200,
  body: { access_token: 'at-new', token_type: 'bearer', expires_in: 900, refresh_token: 'rt-new' },
};

describe('needsRefresh', () => {
  it('is due within 60 s of expiry and not before', () => {
    expect(needsRefresh(credentials({ expiresAt: T0 + 60_001 }), T0)).toBe(false);
    expect(needsRefresh(credentials({ expiresAt: T0 + 60_000 }), T0)).toBe(true);
    expect(needsRefresh(credentials({ expiresAt: T0 - 1 }), T0)).toBe(true);
  });
});

describe('AccessTokenProvider', () => {
  it('given a token valid for 10 min, returns it without a request or the lock', async () => {
    const { tokens, requests, locks } = provider(credentials(), []);
    await expect(tokens.accessToken()).resolves.toBe('at-old');
    expect(requests).toHaveLength(0);
    expect(locks()).toBe(0);
  });

  it('given a token expiring in 30 s, refreshes under the lock and stores the rotated pair', async () => {
    const { tokens, store, requests, locks } = provider(credentials({ expiresAt: T0 + 30_000 }), [
      refreshed,
    ]);
    await expect(tokens.accessToken()).resolves.toBe('at-new');
    expect(locks()).toBe(1);
    expect(requests[0]?.form).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-old' });
    expect(store.value).toMatchObject({
      accessToken: 'at-new',
      refreshToken: 'rt-new',
      expiresAt: T0 + 900_000,
      gatewayUrl: 'http://gw.test',
    });
  });

  it('keeps the old refresh token when the server rotates none', async () => {
    const { tokens, store } = provider(credentials({ expiresAt: T0 }), [
      { status: 200, body: { access_token: 'at-new', token_type: 'Bearer', expires_in: 60 } },
    ]);
    await tokens.accessToken();
    expect(store.value?.refreshToken).toBe('rt-old');
  });

  it('uses the token another process refreshed while it waited for the lock', async () => {
    const store = new MemoryStore(credentials({ expiresAt: T0 }));
    const { fetch, requests } = scriptedFetch({ '/oauth/token': [refreshed] });
    const tokens = new AccessTokenProvider({
      store,
      transport: { fetch, userAgent: 'ua' },
      now: () => T0,
      withRefreshLock: async (work) => {
        store.value = credentials({
          accessToken: 'at-other',
          refreshToken: 'rt-other',
          expiresAt: T0 + 900_000,
        });
        return work();
      },
    });
    await expect(tokens.accessToken()).resolves.toBe('at-other');
    expect(requests).toHaveLength(0);
  });

  it('given invalid_grant, ends with the session-ended message and forgets the refresh token', async () => {
    const { tokens, store, requests } = provider(credentials({ expiresAt: T0 }), [
      { status: 401, body: { error: 'invalid_grant' } },
    ]);
    await expect(tokens.accessToken()).rejects.toMatchObject({
      code: CliErrorCode.SESSION_ENDED,
      message: SESSION_ENDED_MESSAGE,
    });
    expect(store.value?.refreshToken).toBeUndefined();
    await expect(tokens.accessToken()).rejects.toMatchObject({ code: CliErrorCode.SESSION_ENDED });
    expect(requests).toHaveLength(1);
  });

  it('returns the still-valid token when the gateway is unreachable, and fails once it expired', async () => {
    const down = new TypeError('fetch failed');
    await expect(
      provider(credentials({ expiresAt: T0 + 20_000 }), [down]).tokens.accessToken(),
    ).resolves.toBe('at-old');
    await expect(
      provider(credentials({ expiresAt: T0 - 1 }), [down]).tokens.accessToken(),
    ).rejects.toMatchObject({ code: CliErrorCode.UNREACHABLE });
  });

  it('says to log in when nothing is stored', async () => {
    await expect(provider(undefined, []).tokens.accessToken()).rejects.toMatchObject({
      code: CliErrorCode.NOT_LOGGED_IN,
    });
  });
});
