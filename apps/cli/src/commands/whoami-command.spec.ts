import { decodeJwtPayloadUnverified } from '../credentials/jwt-claims';
import { describeIdentity } from './whoami-command';

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256' })}.${part(claims)}.signature-not-checked`;
}

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const stored = {
  version: 1 as const,
  gatewayUrl: 'http://gw.test',
  authUrl: 'http://auth.test',
  tokenEndpoint: 'http://auth.test/oauth/token',
  refreshToken: 'rt',
  expiresAt: T0 + 15 * 60_000,
  accessToken: jwt({
    sub: 'usr_1',
    email: 'ana@corp.test',
    name: 'Ana',
    org: 'org_1',
    team: 'team_a',
    roles: ['developer'],
    groups: ['eng', 'ml'],
    sid: 'ses_1',
  }),
};

describe('whoami', () => {
  it('shows the gateway, identity, roles, groups and expiry from the unverified claims', () => {
    expect(describeIdentity(stored, T0)).toEqual([
      'Gateway:       http://gw.test',
      'Auth server:   http://auth.test',
      'Email:         ana@corp.test',
      'Name:          Ana',
      'User id:       usr_1',
      'Org / team:    org_1 / team_a',
      'Roles:         developer',
      'Groups:        eng, ml',
      'Session:       ses_1',
      'Token expires: 2026-01-01T12:15:00.000Z (in 15 min)',
      'Refresh:       automatic (`gatehouse token`)',
      '(Read from your access token without verifying it; the gateway verifies it on every request.)',
    ]);
  });

  it('says when the token expired and when no refresh is possible', () => {
    const lines = describeIdentity(
      { ...stored, refreshToken: undefined, accessToken: 'opaque' },
      T0 + 20 * 60_000,
    );
    expect(lines).toContain(
      'Token expires: 2026-01-01T12:15:00.000Z (expired; `gatehouse token` refreshes it)',
    );
    expect(lines).toContain('Refresh:       none: run `gatehouse login` when the token expires');
    expect(lines).toContain('Roles:         (none)');
  });

  it('decodes only well-formed JWT payloads', () => {
    expect(decodeJwtPayloadUnverified('a.b')).toBeUndefined();
    expect(
      decodeJwtPayloadUnverified(`x.${Buffer.from('[1]').toString('base64url')}.y`),
    ).toBeUndefined();
    expect(decodeJwtPayloadUnverified(jwt({ sub: 'u' }))).toEqual({ sub: 'u' });
  });
});
