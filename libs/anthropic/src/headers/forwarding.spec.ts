import {
  filterRequestHeaders,
  filterResponseHeaders,
  shouldForwardRequestHeader,
  shouldReturnResponseHeader,
} from './forwarding';

describe('request header forwarding', () => {
  it('forwards API metadata and drops credentials, cookies, host and framing', () => {
    const forwarded = filterRequestHeaders({
      authorization: 'Bearer gatehouse-token',
      'x-api-key': 'sk-ant-should-never-leave',
      cookie: 'session=1',
      host: 'gateway.corp.example.com',
      'content-length': '123',
      'content-type': 'application/json',
      accept: 'application/json',
      'accept-encoding': 'gzip, br',
      'user-agent': 'claude-cli/2.1.0 (external, cli)',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': ['claude-code-20250219', 'interleaved-thinking-2025-05-14'],
      'x-stainless-lang': 'js',
      'x-stainless-retry-count': '0',
      'x-app': 'cli',
      connection: 'keep-alive',
      'transfer-encoding': 'chunked',
      'x-forwarded-for': '10.0.0.1',
      missing: undefined,
    });
    expect(forwarded).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'claude-cli/2.1.0 (external, cli)',
      'anthropic-version': '2023-06-01',
      'anthropic-beta': ['claude-code-20250219', 'interleaved-thinking-2025-05-14'],
      'x-stainless-lang': 'js',
      'x-stainless-retry-count': '0',
      'x-app': 'cli',
    });
  });

  it('lower-cases names given in other cases', () => {
    expect(filterRequestHeaders({ 'Anthropic-Version': '2023-06-01', Authorization: 'x' })).toEqual(
      {
        'anthropic-version': '2023-06-01',
      },
    );
  });

  it('answers single-name questions from the precomputed sets', () => {
    expect(shouldForwardRequestHeader('anthropic-dangerous-direct-browser-access')).toBe(true);
    expect(shouldForwardRequestHeader('x-api-key')).toBe(false);
  });
});

describe('response header filtering', () => {
  it('strips hop-by-hop, framing, upstream rate limits and origin-specific headers', () => {
    const returned = filterResponseHeaders({
      'content-type': 'text/event-stream; charset=utf-8',
      'content-length': '999',
      'content-encoding': 'gzip',
      'transfer-encoding': 'chunked',
      connection: 'keep-alive, x-upstream-hop',
      'keep-alive': 'timeout=5',
      'x-upstream-hop': '1',
      'request-id': 'req_011CUxyz',
      'retry-after': '12',
      'x-should-retry': 'true',
      'anthropic-ratelimit-requests-limit': '4000',
      'anthropic-ratelimit-unified-status': 'allowed',
      'anthropic-organization-id': '0f6c1a2b-org',
      'set-cookie': ['__cf_bm=abc; path=/'],
      'alt-svc': 'h3=":443"',
      'cache-control': 'no-cache',
    });
    expect(returned).toEqual({
      'content-type': 'text/event-stream; charset=utf-8',
      'request-id': 'req_011CUxyz',
      'retry-after': '12',
      'x-should-retry': 'true',
      'cache-control': 'no-cache',
    });
  });

  it('passes unknown upstream headers through', () => {
    expect(shouldReturnResponseHeader('x-new-upstream-header')).toBe(true);
    expect(shouldReturnResponseHeader('anthropic-ratelimit-tokens-reset')).toBe(false);
  });
});
