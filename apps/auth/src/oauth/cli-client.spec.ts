import { checkLoopbackRedirectUri, isKnownClient, redirectWith } from './cli-client';

describe('loopback redirect URIs of the gatehouse-cli client (RFC 8252 §7.3)', () => {
  it.each([
    'http://127.0.0.1:53123/callback',
    'http://127.0.0.1:1/',
    'http://localhost:8080/callback',
    'http://[::1]:40000/callback',
    'http://127.0.0.1:53123/callback?keep=1',
  ])('accepts %s on any port', (uri) => {
    expect(checkLoopbackRedirectUri(uri)).toMatchObject({ ok: true });
  });

  it.each([
    ['https://evil.example/callback', 'http'],
    ['http://evil.example:53123/callback', 'loopback'],
    ['http://127.0.0.1.evil.example/callback', 'loopback'],
    ['http://localhost.evil.example:80/', 'loopback'],
    ['http://localhost@evil.example/callback', 'credentials'],
    ['http://user:pw@127.0.0.1:5000/callback', 'credentials'],
    ['http://10.0.0.1:5000/callback', 'loopback'],
    ['http://127.0.0.1:5000/callback#frag', 'fragment'],
    ['/callback', 'absolute'],
    ['', 'missing'],
    ['javascript:alert(1)', 'http'],
    [`http://127.0.0.1:5000/${'a'.repeat(2100)}`, 'too long'],
  ])('refuses %s', (uri, why) => {
    const checked = checkLoopbackRedirectUri(uri);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toContain(why);
  });

  it('knows only gatehouse-cli', () => {
    expect(isKnownClient('gatehouse-cli')).toBe(true);
    expect(isKnownClient('gatehouse-dev')).toBe(false);
    expect(isKnownClient('')).toBe(false);
  });

  it('adds the answer to the redirect URI and keeps its own query', () => {
    const checked = checkLoopbackRedirectUri('http://127.0.0.1:5000/callback?keep=1');
    if (!checked.ok) throw new Error('expected a valid URI');
    const target = new URL(
      redirectWith(checked.uri, { code: 'c&d', state: 's', error: undefined }),
    );
    expect(target.origin + target.pathname).toBe('http://127.0.0.1:5000/callback');
    expect(Object.fromEntries(target.searchParams)).toEqual({ keep: '1', code: 'c&d', state: 's' });
  });
});
