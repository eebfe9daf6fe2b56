import {
  ANTHROPIC_ERROR_STATUS,
  ANTHROPIC_ERROR_TYPES,
  anthropicError,
  gatewayErrorResponse,
  isAnthropicErrorType,
  readAnthropicError,
} from './errors';

describe('anthropicError', () => {
  it('builds the envelope the SDK surfaces to the developer', () => {
    expect(
      JSON.stringify(anthropicError('authentication_error', 'Sign in again with /login.')),
    ).toBe(
      '{"type":"error","error":{"type":"authentication_error","message":"Sign in again with /login."}}',
    );
  });

  it('has a default status for every error type', () => {
    expect(Object.keys(ANTHROPIC_ERROR_STATUS).sort()).toEqual([...ANTHROPIC_ERROR_TYPES].sort());
    expect(ANTHROPIC_ERROR_STATUS).toMatchObject({
      invalid_request_error: 400,
      authentication_error: 401,
      permission_error: 403,
      not_found_error: 404,
      request_too_large: 413,
      rate_limit_error: 429,
      billing_error: 429,
      api_error: 500,
      not_supported: 501,
      timeout_error: 504,
      overloaded_error: 529,
    });
  });

  it('recognises only known error types', () => {
    expect(isAnthropicErrorType('overloaded_error')).toBe(true);
    expect(isAnthropicErrorType('budget_exceeded')).toBe(false);
    expect(isAnthropicErrorType(42)).toBe(false);
  });
});

describe('gatewayErrorResponse', () => {
  it('tells the client not to retry into a spend cap, with retry-after', () => {
    const response = gatewayErrorResponse({
      type: 'billing_error',
      message: 'spend limit reached · resets Aug 8',
      retryAfterSeconds: 37_799.2,
    });
    expect(response).toEqual({
      status: 429,
      headers: {
        'content-type': 'application/json',
        'x-should-retry': 'false',
        'retry-after': '37800',
      },
      body: '{"type":"error","error":{"type":"billing_error","message":"spend limit reached · resets Aug 8"}}',
    });
  });

  it('sends x-should-retry: false on a gateway 401 so the client prompts for login at once', () => {
    const response = gatewayErrorResponse({
      type: 'authentication_error',
      message: 'Token expired.',
    });
    expect(response.status).toBe(401);
    expect(response.headers['x-should-retry']).toBe('false');
  });

  it('leaves retry policy to the client for overload, and honours explicit overrides', () => {
    expect(
      gatewayErrorResponse({ type: 'overloaded_error', message: 'busy' }).headers,
    ).not.toHaveProperty('x-should-retry');
    const forced = gatewayErrorResponse({
      type: 'api_error',
      message: 'no upstream',
      status: 503,
      shouldRetry: true,
    });
    expect(forced.status).toBe(503);
    expect(forced.headers['x-should-retry']).toBe('true');
  });
});

describe('readAnthropicError', () => {
  it('reads an upstream envelope, keeping unknown types as text', () => {
    expect(
      readAnthropicError({ type: 'error', error: { type: 'new_kind_error', message: 'm' } }),
    ).toEqual({
      type: 'new_kind_error',
      message: 'm',
    });
  });

  it('returns null for anything that is not the envelope', () => {
    expect(readAnthropicError({ message: 'Input is too long.' })).toBeNull();
    expect(readAnthropicError({ type: 'error', error: 'x' })).toBeNull();
    expect(readAnthropicError(null)).toBeNull();
  });
});
