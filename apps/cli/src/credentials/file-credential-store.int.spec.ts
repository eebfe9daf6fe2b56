import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CliErrorCode } from '../cli-error';
import { credentialsFilePath, gatehouseConfigDir } from './config-paths';
import { FileCredentialStore } from './file-credential-store';
import { withFileLock } from './refresh-lock';
import type { StoredCredentials } from './stored-credentials';

const credentials: StoredCredentials = {
  version: 1,
  gatewayUrl: 'http://gw.test',
  authUrl: 'http://auth.test',
  tokenEndpoint: 'http://auth.test/oauth/token',
  accessToken: 'at',
  refreshToken: 'rt',
  expiresAt: 1,
};

describe('FileCredentialStore and the refresh lock (real filesystem)', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'gatehouse-store-'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('respects XDG_CONFIG_HOME when absolute and ignores it when relative', () => {
    expect(gatehouseConfigDir({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/ana')).toBe('/x/cfg/gatehouse');
    expect(gatehouseConfigDir({ XDG_CONFIG_HOME: 'cfg' }, '/home/ana')).toBe(
      '/home/ana/.config/gatehouse',
    );
    expect(credentialsFilePath(gatehouseConfigDir({}, '/home/ana'))).toBe(
      '/home/ana/.config/gatehouse/credentials.json',
    );
  });

  it('creates the file 0600 in a 0700 directory even under a permissive umask, and reads it back', async () => {
    const file = path.join(root, 'cfg', 'gatehouse', 'credentials.json');
    const store = new FileCredentialStore({ file, uid: process.getuid?.() });
    const previous = process.umask(0o000);
    try {
      await store.save(credentials);
    } finally {
      process.umask(previous);
    }
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    await expect(store.load()).resolves.toEqual(credentials);
    expect(await readdir(path.dirname(file))).toEqual(['credentials.json']);
    await store.clear();
    await expect(store.load()).resolves.toBeUndefined();
  });

  it('refuses a file others can read, and a file that is not credentials', async () => {
    const file = path.join(root, 'credentials.json');
    const store = new FileCredentialStore({ file });
    await store.save(credentials);
    await chmod(file, 0o640);
    await expect(store.load()).rejects.toMatchObject({
      code: CliErrorCode.INSECURE_CREDENTIALS,
      message: expect.stringContaining('chmod 600'),
    });
    await writeFile(file, '{"version":2}', { mode: 0o600 });
    await chmod(file, 0o600);
    await expect(store.load()).rejects.toMatchObject({ code: CliErrorCode.INSECURE_CREDENTIALS });
  });

  it('refuses a file owned by someone else', async () => {
    const file = path.join(root, 'credentials.json');
    await new FileCredentialStore({ file }).save(credentials);
    const otherUid = ((await stat(file)).uid + 1) % 65_535;
    await expect(new FileCredentialStore({ file, uid: otherUid }).load()).rejects.toMatchObject({
      message: expect.stringContaining('another user'),
    });
  });

  it('narrows an existing world-readable directory to 0700 and says so', async () => {
    const dir = path.join(root, 'gatehouse');
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    const warnings: string[] = [];
    await new FileCredentialStore({
      file: path.join(dir, 'credentials.json'),
      warn: (message) => warnings.push(message),
    }).save(credentials);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(warnings).toEqual([expect.stringContaining('changed it to 0700')]);
  });

  it('serialises holders of the lock', async () => {
    const file = path.join(root, 'credentials.json.lock');
    const events: string[] = [];
    const holder = (name: string) =>
      withFileLock({ file, pollMs: 5 }, async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} out`);
      });
    await Promise.all([holder('a'), holder('b')]);
    // Either may win the race for the lock (both open it at once on the libuv pool); what the lock
    // guarantees is that the second enters only after the first has left.
    const first = events[0].split(' ')[0];
    const second = first === 'a' ? 'b' : 'a';
    expect(events).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over the lock of a process that died, and times out behind a live one', async () => {
    const file = path.join(root, 'credentials.json.lock');
    await writeFile(file, `999999 ${Date.now()}`);
    await expect(
      withFileLock({ file, isProcessAlive: () => false }, async () => 'ran'),
    ).resolves.toBe('ran');

    await writeFile(file, `${process.pid} ${Date.now()}`);
    await expect(
      withFileLock({ file, timeoutMs: 100, pollMs: 10 }, async () => 'ran'),
    ).rejects.toMatchObject({ code: CliErrorCode.LOCK_TIMEOUT });
    await expect(
      withFileLock({ file, staleMs: 0, pollMs: 10 }, async () => 'stale taken'),
    ).resolves.toBe('stale taken');
  });
});
