import { authenticationError, ProxyError, ProxyErrorCode } from './proxy-error';
import { frameworkError } from './proxy-routes';

function parsed(error: ProxyError) {
  const response = error.toResponse();
  return { status: response.status, headers: response.headers, body: JSON.parse(response.body) as unknown };
}

describe('proxy errors', () => {
  it('answers a refused credential with 401 and x-should-retry false', () => {
    const { status, headers, body } = parsed(authenticationError({ message: 'run /login' }));
    expect(status).toBe(401);
    expect(headers['x-should-retry']).toBe('false');
    expect(body).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'run /login' } });
  });

  it('answers a key-source outage with a retryable 503, not a 401', () => {
    const { status, headers } = parsed(authenticationError({ message: 'keys down', gatewayFault: true }));
    expect(status).toBe(503);
    expect(headers['x-should-retry']).toBeUndefined();
  });

  it.each([
    [ProxyErrorCode.ModelNotAvailable, 400, 'invalid_request_error'],
    [ProxyErrorCode.BodyTooLarge, 413, 'request_too_large'],
    [ProxyErrorCode.LengthRequired, 411, 'invalid_request_error'],
    [ProxyErrorCode.RouteNotFound, 404, 'not_found_error'],
    [ProxyErrorCode.MethodNotAllowed, 405, 'invalid_request_error'],
    [ProxyErrorCode.UpstreamsUnavailable, 529, 'overloaded_error'],
    [ProxyErrorCode.UpstreamUnreachable, 502, 'api_error'],
    [ProxyErrorCode.UpstreamTimeout, 504, 'timeout_error'],
  ])('maps %s to %i %s', (code, status, type) => {
    const response = parsed(new ProxyError(code, 'm'));
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ type: 'error', error: { type, message: 'm' } });
  });

  it('sends retry-after when the error knows when to retry', () => {
    expect(parsed(new ProxyError(ProxyErrorCode.UpstreamsUnavailable, 'm', 12)).headers['retry-after']).toBe('12');
  });

  it('maps Fastify body errors to Anthropic errors', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 });
    expect(frameworkError(tooLarge, 1024).code).toBe(ProxyErrorCode.BodyTooLarge);
    expect(frameworkError(tooLarge, 1024).message).toContain('1024 bytes');
    const badLength = Object.assign(new Error('bad length'), { code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH', statusCode: 400 });
    expect(frameworkError(badLength, 1024).code).toBe(ProxyErrorCode.InvalidBody);
    expect(frameworkError(new Error('boom'), 1024).code).toBe(ProxyErrorCode.Internal);
  });
});
