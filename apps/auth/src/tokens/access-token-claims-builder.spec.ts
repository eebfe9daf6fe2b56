import { accessTokenClaimsSchema } from '@gatehouse/access-token';
import { buildAccessTokenClaims, type TokenSubject } from './access-token-claims-builder';
import { TokenError } from './token-error';

const NOW = new Date('2026-01-01T08:00:00Z');
const iat = NOW.getTime() / 1000;
const subject: TokenSubject = {
  user: {
    id: 'usr_alice',
    orgId: 'org_acme',
    teamId: 'team_web',
    email: 'alice@acme.example',
    displayName: 'Alice Example',
    groups: ['engineering', 'eu-staff'],
    roles: ['developer'],
  },
  session: { id: 'ses_1', absoluteExpiresAt: new Date(NOW.getTime() + 12 * 3600_000) },
};
const settings = { issuer: 'http://127.0.0.1:4001', ttlSeconds: 900 };

describe('buildAccessTokenClaims', () => {
  it('given a user and a live session, then the claims satisfy the contract proxies verify', () => {
    const claims = buildAccessTokenClaims(subject, settings, NOW, 'jti-1');
    expect(accessTokenClaimsSchema.parse(claims)).toEqual(claims);
    expect(claims).toEqual({
      iss: 'http://127.0.0.1:4001',
      aud: 'gatehouse',
      sub: 'usr_alice',
      sid: 'ses_1',
      jti: 'jti-1',
      iat,
      exp: iat + 900,
      email: 'alice@acme.example',
      name: 'Alice Example',
      org: 'org_acme',
      team: 'team_web',
      groups: ['engineering', 'eu-staff'],
      roles: ['developer'],
      principal_type: 'user',
    });
  });

  it('given the session ends in 5 minutes, then the token expires with it', () => {
    const ending = {
      ...subject,
      session: { id: 'ses_1', absoluteExpiresAt: new Date(NOW.getTime() + 300_000) },
    };
    expect(buildAccessTokenClaims(ending, settings, NOW).exp).toBe(iat + 300);
  });

  it('given an expired session, then no claims are built', () => {
    const ended = { ...subject, session: { id: 'ses_1', absoluteExpiresAt: NOW } };
    expect(() => buildAccessTokenClaims(ended, settings, NOW)).toThrow(TokenError);
  });

  it('adds billing_group_tag only when configured', () => {
    expect(buildAccessTokenClaims(subject, settings, NOW)).not.toHaveProperty('billing_group_tag');
    expect(
      buildAccessTokenClaims(subject, { ...settings, billingGroupTag: 'cost_center' }, NOW),
    ).toMatchObject({ billing_group_tag: 'cost_center' });
  });

  it('leaves out what the user lacks and group names the contract cannot carry', () => {
    const sparse = {
      ...subject,
      user: {
        ...subject.user,
        teamId: null,
        email: null,
        displayName: null,
        groups: ['ok', '', 'x'.repeat(300)],
      },
    };
    const claims = buildAccessTokenClaims(sparse, settings, NOW);
    expect(claims).not.toHaveProperty('team');
    expect(claims).not.toHaveProperty('email');
    expect(claims).not.toHaveProperty('name');
    expect(claims.groups).toEqual(['ok']);
  });

  it('refuses claims that break the contract instead of signing them', () => {
    const broken = { ...subject, user: { ...subject.user, roles: ['Not A Role'] } };
    expect(() => buildAccessTokenClaims(broken, settings, NOW)).toThrow(/roles/);
  });
});
