import { readCookie, serializeCookie, signInCookieNames } from './cookies';

describe('sign-in cookies', () => {
  it('reads one cookie among several', () => {
    expect(readCookie('a=1; gatehouse_csrf=x%2By; b=2', 'gatehouse_csrf')).toBe('x+y');
    expect(readCookie('a=1', 'gatehouse_csrf')).toBeUndefined();
    expect(readCookie(undefined, 'a')).toBeUndefined();
  });

  it('sets HttpOnly and SameSite always, Secure and the __Host- prefix on https', () => {
    expect(serializeCookie('n', 'v', { secure: false, maxAgeSeconds: 60, sameSite: 'Lax' })).toBe(
      'n=v; Path=/; HttpOnly; SameSite=Lax; Max-Age=60',
    );
    expect(serializeCookie('n', 'v', { secure: true, maxAgeSeconds: 60, sameSite: 'Strict' })).toContain('; Secure');
    expect(signInCookieNames(true).csrf).toBe('__Host-gatehouse_csrf');
    expect(signInCookieNames(false).binding).toBe('gatehouse_signin');
  });
});
