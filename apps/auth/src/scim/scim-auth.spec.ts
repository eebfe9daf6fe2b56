import { bearerTokenMatches } from './scim-auth';

const TOKEN = 'scim-token-0123456789abcdef0123456789';

describe('bearerTokenMatches', () => {
  it('accepts the configured token with any case of the scheme', () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer  ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    [undefined, TOKEN],
    [`Bearer ${TOKEN}x`, TOKEN],
    [`Bearer ${TOKEN.slice(1)}`, TOKEN],
    [`Basic ${TOKEN}`, TOKEN],
    [TOKEN, TOKEN],
    ['Bearer ', TOKEN],
    [`Bearer ${TOKEN}`, undefined],
    ['Bearer ', ''],
  ])('refuses %j when the token is %j', (header, expected) => {
    expect(bearerTokenMatches(header, expected)).toBe(false);
  });
});
