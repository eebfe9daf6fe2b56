import { parseLoginForm, pageErrorText } from '../login/login-form';
import { csrfToken, csrfTokenMatches } from './csrf';
import { renderLoginPage } from './login-page';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');

describe('login page and CSRF token', () => {
  it('renders a form the plain-HTTP helper can read back', () => {
    const html = renderLoginPage({
      interactionUid: 'uid-1',
      csrfToken: csrfToken(secret, 'uid-1'),
      clientId: 'gatehouse-dev',
    });
    expect(parseLoginForm(html)).toEqual({
      action: '/interaction/uid-1/login',
      csrf: csrfToken(secret, 'uid-1'),
    });
    expect(html).toContain('id="username"');
    expect(html).toContain('id="password"');
    expect(pageErrorText(html)).toBeUndefined();
  });

  it('escapes the error text and the echoed username', () => {
    const html = renderLoginPage({
      interactionUid: 'uid-1',
      csrfToken: 't',
      clientId: 'c',
      error: 'Invalid <b>email</b>',
      username: '"><script>x</script>',
    });
    expect(html).not.toContain('<script>');
    expect(pageErrorText(html)).toBe('Invalid <b>email</b>');
  });

  it('accepts only the token minted for the same interaction and secret', () => {
    const token = csrfToken(secret, 'uid-1');
    expect(csrfTokenMatches(secret, 'uid-1', token)).toBe(true);
    expect(csrfTokenMatches(secret, 'uid-2', token)).toBe(false);
    expect(csrfTokenMatches(Buffer.from('another-secret-another-secret-xx'), 'uid-1', token)).toBe(
      false,
    );
    expect(csrfTokenMatches(secret, 'uid-1', undefined)).toBe(false);
    expect(csrfTokenMatches(secret, 'uid-1', ['a'])).toBe(false);
  });
});
