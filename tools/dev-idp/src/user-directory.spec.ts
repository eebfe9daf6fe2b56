import { parseUsers } from './seed/seed-schema';
import { UserDirectory } from './user-directory';

const directory = new UserDirectory(
  parseUsers([
    {
      sub: 'dev-bob',
      email: 'bob@example.com',
      password: 'bob-pw',
      name: 'Bob',
      groups: [],
      mfa: false,
    },
  ]),
);

describe('UserDirectory', () => {
  it('accepts the right password with the email in any case and surrounding spaces', () => {
    const check = directory.checkLogin({
      username: ' Bob@Example.COM ',
      password: 'bob-pw',
      disabledEmails: [],
    });
    expect(check).toMatchObject({ ok: true, user: { sub: 'dev-bob' } });
  });

  it.each([
    ['nobody@example.com', 'bob-pw', [], 'unknown-user'],
    ['bob@example.com', 'bob-pw ', [], 'wrong-password'],
    ['bob@example.com', 'bob-pw', ['bob@example.com'], 'disabled'],
  ])('refuses %s / %j (disabled %j) as %s', (username, password, disabledEmails, reason) => {
    expect(directory.checkLogin({ username, password, disabledEmails })).toEqual({
      ok: false,
      reason,
    });
  });

  it('finds users by sub for the token and userinfo endpoints', () => {
    expect(directory.findBySub('dev-bob')?.email).toBe('bob@example.com');
    expect(directory.findBySub('bob@example.com')).toBeUndefined();
  });
});
