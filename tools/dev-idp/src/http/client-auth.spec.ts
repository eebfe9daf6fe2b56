import { moveBodySecretToBasic } from './client-auth';

describe('moveBodySecretToBasic', () => {
  it('turns client_secret_post credentials into an RFC 6749 Basic header', () => {
    const result = moveBodySecretToBasic({
      authorization: undefined,
      body: {
        grant_type: 'refresh_token',
        client_id: 'my app',
        client_secret: 'a:b+c',
        refresh_token: 'r',
      },
    });
    expect(result.body).toEqual({ grant_type: 'refresh_token', refresh_token: 'r' });
    const decoded = Buffer.from(
      (result.authorization ?? '').replace(/^Basic /, ''),
      'base64',
    ).toString();
    expect(decoded).toBe('my+app:a%3Ab%2Bc');
  });

  it('leaves a request alone when it already has an Authorization header or no secret', () => {
    const mixed = { authorization: 'Basic eDp5', body: { client_id: 'x', client_secret: 'y' } };
    expect(moveBodySecretToBasic(mixed)).toBe(mixed);
    const publicClient = { authorization: undefined, body: { client_id: 'cli', code: 'c' } };
    expect(moveBodySecretToBasic(publicClient)).toBe(publicClient);
  });
});
