import { requestHeadersForAuth, responseHeadersForClient } from './forwarded-headers';

describe('requestHeadersForAuth', () => {
  it('keeps cookies and credentials, drops host and hop-by-hop headers, adds x-forwarded-*', () => {
    const out = requestHeadersForAuth(
      { host: 'gw.example.com', cookie: 'a=1', authorization: 'Bearer t', connection: 'keep-alive', 'transfer-encoding': 'chunked', 'content-type': 'application/x-www-form-urlencoded' },
      { remoteAddress: '10.0.0.7', encrypted: false },
    );
    expect(out).toEqual({
      cookie: 'a=1',
      authorization: 'Bearer t',
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': '10.0.0.7',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'gw.example.com',
    });
  });

  it('extends a load balancer chain and keeps its scheme and host', () => {
    const out = requestHeadersForAuth(
      { host: 'internal:4000', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gw.example.com' },
      { remoteAddress: '10.0.0.2', encrypted: false },
    );
    expect(out).toMatchObject({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gw.example.com' });
  });
});

describe('responseHeadersForClient', () => {
  it('passes every set-cookie and the redirect location, not hop-by-hop headers', () => {
    expect(
      responseHeadersForClient({ 'set-cookie': ['a=1', 'b=2'], location: 'https://idp.example.com/authorize', 'keep-alive': 'timeout=5', 'content-length': '0' }),
    ).toEqual({ 'set-cookie': ['a=1', 'b=2'], location: 'https://idp.example.com/authorize', 'content-length': '0' });
  });
});
