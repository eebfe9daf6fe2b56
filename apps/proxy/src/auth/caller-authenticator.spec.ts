import { extractCredential } from './caller-authenticator';

describe('extractCredential', () => {
  it('reads a bearer token, case-insensitively', () => {
    expect(extractCredential({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(extractCredential({ authorization: 'bearer   tok  ' })).toBe('tok');
  });

  it('falls back to x-api-key (Claude Code apiKeyHelper) and prefers the bearer', () => {
    expect(extractCredential({ 'x-api-key': ' key ' })).toBe('key');
    expect(extractCredential({ authorization: 'Bearer b', 'x-api-key': 'k' })).toBe('b');
    expect(extractCredential({ authorization: 'Basic dXNlcg==', 'x-api-key': 'k' })).toBe('k');
  });

  it('returns null when neither header carries a credential', () => {
    expect(extractCredential({})).toBeNull();
    expect(extractCredential({ authorization: 'Bearer', 'x-api-key': '  ' })).toBeNull();
    expect(extractCredential({ 'x-api-key': ['a', 'b'] })).toBeNull();
  });
});
