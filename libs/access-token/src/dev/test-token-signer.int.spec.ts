import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokenVerifier } from '../access-token-verifier';
import { jwksFromFile } from '../jwks-source';
import { devSignerJwks } from './dev-signer-jwks';
import { DEV_SIGNER_FILES } from './dev-signer-files';
import { mintDevToken } from './mint-dev-token';
import { DEV_ISSUER, TestTokenSigner } from './test-token-signer';

describe('dev signer files', () => {
  let dir: string;

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'gatehouse-dev-signer-')), 'dev-signer');
  });

  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('writes the private key with mode 0600 and a public jwks.json', async () => {
    const signer = await TestTokenSigner.loadOrCreate(dir);
    expect(statSync(join(dir, DEV_SIGNER_FILES.privateKey)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const jwks = JSON.parse(readFileSync(join(dir, DEV_SIGNER_FILES.jwks), 'utf8'));
    expect(jwks).toEqual(signer.jwks());
    expect(JSON.stringify(jwks)).not.toContain('"d"');
  });

  it('loads the same key (same kid) on the next start, and processes racing to create agree', async () => {
    const racers = await Promise.all([1, 2, 3, 4].map(() => TestTokenSigner.loadOrCreate(dir)));
    expect(new Set(racers.map((signer) => signer.kid)).size).toBe(1);
    const again = await TestTokenSigner.loadOrCreate(dir);
    expect(again.kid).toBe(racers[0]?.kid);
  });

  it('mints with the CLI a token the proxy verifies through the shared files', async () => {
    const token = await mintDevToken([
      '--dir',
      dir,
      '--sub',
      'usr_dev_alice',
      '--email',
      'alice@example.com',
      '--org',
      'org_dev',
      '--team',
      'team_dev',
      '--roles',
      'developer,reviewer',
    ]);
    for (const keys of [jwksFromFile(join(dir, DEV_SIGNER_FILES.jwks)), await devSignerJwks(dir)]) {
      const verifier = new AccessTokenVerifier({ issuer: DEV_ISSUER, keys });
      expect(await verifier.verify(token)).toMatchObject({
        ok: true,
        principal: {
          userId: 'usr_dev_alice',
          email: 'alice@example.com',
          orgId: 'org_dev',
          teamId: 'team_dev',
          roles: ['developer', 'reviewer'],
        },
      });
    }
  });

  it('names the directory to delete when the key file is corrupt', async () => {
    await TestTokenSigner.loadOrCreate(dir);
    rmSync(join(dir, DEV_SIGNER_FILES.privateKey));
    writeFileSync(join(dir, DEV_SIGNER_FILES.privateKey), '{"kty":"EC"}');
    await expect(TestTokenSigner.loadOrCreate(dir)).rejects.toThrow(/INVALID_SIGNER_FILES.*delete/);
  });
});
