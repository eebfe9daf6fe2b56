import { DevIdpErrorCode } from './errors';
import { DEFAULT_KEYS_DIR, resolveServerConfig, type ResolveInputs } from './options';

const files: Record<string, unknown> = {
  '/cfg.json': {
    port: 0,
    users: [
      { sub: 'u1', email: 'u1@example.org', password: 'p', name: 'U1', groups: ['g'], mfa: true },
    ],
    extraRedirectUris: ['http://127.0.0.1:7000/cb'],
    faults: { dropGroupsClaim: true },
    keysDir: null,
  },
  '/clients.json': [{ client_id: 'other', redirect_uris: ['http://127.0.0.1:9000/cb'] }],
};

function resolve(partial: Partial<ResolveInputs>) {
  return resolveServerConfig({
    flags: {},
    env: {},
    readJson: (file) => {
      if (!(file in files)) throw new Error(`no such file ${file}`);
      return files[file];
    },
    ...partial,
  });
}

describe('resolveServerConfig', () => {
  it('defaults to 127.0.0.1:4200, the seed, and keys persisted under .gatehouse/dev-idp', () => {
    const config = resolve({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 4200, keysDir: DEFAULT_KEYS_DIR });
    expect(config.users).toHaveLength(4);
    expect(config.clients.map((client) => client.client_id)).toEqual(['gatehouse-dev']);
    expect(config.faults).toEqual({ dropGroupsClaim: false, disabledUsers: [] });
  });

  it('takes the port from --port over DEV_IDP_PORT', () => {
    expect(resolve({ env: { DEV_IDP_PORT: '4300' } }).port).toBe(4300);
    expect(resolve({ flags: { port: 4400 }, env: { DEV_IDP_PORT: '4300' } }).port).toBe(4400);
  });

  it('names the variable when a port is not a number', () => {
    expect(() => resolve({ env: { DEV_IDP_PORT: 'http' } })).toThrow(
      expect.objectContaining({
        code: DevIdpErrorCode.InvalidOptions,
        message: expect.stringContaining('DEV_IDP_PORT'),
      }),
    );
  });

  it('reads users, redirect URIs, faults and in-memory keys from a config file', () => {
    const config = resolve({
      env: {
        DEV_IDP_CONFIG_FILE: '/cfg.json',
        DEV_IDP_EXTRA_REDIRECT_URIS: 'http://127.0.0.1:7001/cb, ',
      },
    });
    expect(config.port).toBe(0);
    expect(config.users.map((user) => user.email)).toEqual(['u1@example.org']);
    expect(config.clients[0]?.redirect_uris).toEqual([
      'http://127.0.0.1:4001/auth/callback',
      'http://127.0.0.1:7000/cb',
      'http://127.0.0.1:7001/cb',
    ]);
    expect(config.faults.dropGroupsClaim).toBe(true);
    expect(config.keysDir).toBeUndefined();
  });

  it('replaces the clients from DEV_IDP_CLIENTS_FILE and drops groups with DEV_IDP_DROP_GROUPS=1', () => {
    const config = resolve({
      env: { DEV_IDP_CLIENTS_FILE: '/clients.json', DEV_IDP_DROP_GROUPS: '1' },
    });
    expect(config.clients.map((client) => client.client_id)).toEqual(['other']);
    expect(config.faults.dropGroupsClaim).toBe(true);
  });

  it('keeps keys in memory with --no-persist-keys', () => {
    expect(
      resolve({ flags: { persistKeys: false }, env: { DEV_IDP_KEYS_DIR: '/k' } }).keysDir,
    ).toBeUndefined();
    expect(resolve({ env: { DEV_IDP_KEYS_DIR: '/k' } }).keysDir).toBe('/k');
  });
});
