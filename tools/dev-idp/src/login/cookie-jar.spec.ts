import { CookieJar } from './cookie-jar';

const base = new URL('http://127.0.0.1:4200/auth');

describe('CookieJar', () => {
  it('sends cookies only under their path, longest path first', () => {
    const jar = new CookieJar();
    jar.store(base, [
      '_session=s1; path=/; httponly',
      '_interaction=i1; path=/interaction/abc; httponly',
    ]);
    expect(jar.headerFor(new URL('http://127.0.0.1:4200/interaction/abc'))).toBe(
      '_interaction=i1; _session=s1',
    );
    expect(jar.headerFor(new URL('http://127.0.0.1:4200/interaction/abcdef'))).toBe('_session=s1');
    expect(jar.headerFor(new URL('http://127.0.0.1:4200/token'))).toBe('_session=s1');
  });

  it('replaces a cookie with the same name and path and deletes expired ones', () => {
    const jar = new CookieJar();
    const now = new Date('2026-01-01T00:00:00Z');
    jar.store(base, ['a=1; path=/', 'b=2; path=/'], now);
    jar.store(base, ['a=3; path=/', 'b=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT'], now);
    expect(jar.headerFor(base)).toBe('a=3');
    jar.store(base, ['a=; path=/; max-age=0'], now);
    expect(jar.headerFor(base)).toBeUndefined();
  });

  it('defaults the path to the request directory', () => {
    const jar = new CookieJar();
    jar.store(new URL('http://127.0.0.1:4200/interaction/abc/login'), ['x=1']);
    expect(jar.headerFor(new URL('http://127.0.0.1:4200/interaction/abc'))).toBe('x=1');
    expect(jar.headerFor(new URL('http://127.0.0.1:4200/auth'))).toBeUndefined();
  });
});
