import { DevIdpErrorCode } from '../errors';
import { defaultClients, defaultUsers, DEFAULT_AUTH_CALLBACK } from './default-seed';
import { parseClients, parseUsers } from './seed-schema';

const erin = {
  sub: 'u-erin',
  email: 'Erin@Example.org',
  password: 'pw',
  name: 'Erin',
  groups: ['ops'],
  mfa: false,
};

describe('seed validation', () => {
  it('accepts the committed users.json with the documented people', () => {
    const users = defaultUsers();
    expect(users.map((user) => [user.email, user.groups, user.mfa])).toEqual([
      ['alice@example.com', ['engineering', 'platform-admins'], true],
      ['bob@example.com', ['engineering'], false],
      ['carol@contractor.example', ['contractors'], false],
      ['dave@example.com', [], false],
    ]);
  });

  it('lower-cases emails and defaults email_verified to true', () => {
    expect(parseUsers([erin])[0]).toMatchObject({ email: 'erin@example.org', emailVerified: true });
  });

  it.each([
    ['a bad email', [{ ...erin, email: 'nope' }], 'email'],
    ['an unknown field', [{ ...erin, role: 'admin' }], 'role'],
    ['groups that are not strings', [{ ...erin, groups: [1] }], 'groups'],
    [
      'duplicate emails, case-insensitively',
      [erin, { ...erin, sub: 'other', email: 'erin@example.org' }],
      'duplicate email',
    ],
    ['duplicate subs', [erin, { ...erin, email: 'x@example.org' }], 'duplicate sub'],
  ])('rejects %s with the offending field named', (_label, input, fragment) => {
    expect(() => parseUsers(input, 'fixture.json')).toThrow(
      expect.objectContaining({ code: DevIdpErrorCode.InvalidSeed }),
    );
    expect(() => parseUsers(input, 'fixture.json')).toThrow(fragment);
  });

  it('seeds gatehouse-dev as a confidential client with the auth callback first', () => {
    const [client] = defaultClients(['http://127.0.0.1:5000/cb', DEFAULT_AUTH_CALLBACK]);
    expect(client).toMatchObject({
      client_id: 'gatehouse-dev',
      client_secret: 'dev-secret',
      redirect_uris: [DEFAULT_AUTH_CALLBACK, 'http://127.0.0.1:5000/cb'],
    });
  });

  it('rejects clients without redirect URIs, with non-http redirect URIs, or with duplicate ids', () => {
    const client = { client_id: 'c', redirect_uris: ['http://127.0.0.1/cb'] };
    expect(parseClients([client])[0]?.grant_types).toEqual(['authorization_code', 'refresh_token']);
    expect(() => parseClients([{ ...client, redirect_uris: [] }])).toThrow('redirect_uris');
    expect(() => parseClients([{ ...client, redirect_uris: ['javascript:alert(1)'] }])).toThrow(
      'redirect_uris',
    );
    expect(() => parseClients([client, client])).toThrow('duplicate client_id c');
    expect(() => parseClients([])).toThrow(
      expect.objectContaining({ code: DevIdpErrorCode.InvalidSeed }),
    );
  });
});
