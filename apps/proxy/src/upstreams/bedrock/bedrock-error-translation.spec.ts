import type { UpstreamCall } from '../upstream-adapter';
import { translateBedrockError } from './bedrock-error-translation';

const call: UpstreamCall = {
  operation: 'messages',
  stream: false,
  upstreamModel: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x',
  rawBody: Buffer.from('{}'),
  body: {},
  headers: {},
};

function bedrockError(status: number, errorType: string | undefined, message: string, extra = {}) {
  return {
    status,
    headers: {
      ...(errorType
        ? {
            'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
          }
        : {}),
      ...extra,
    },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

const LEAKY = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x is denied';

describe('translateBedrockError', () => {
  it.each([
    [429, 'ThrottlingException', 429, 'rate_limit_error'],
    [429, 'ServiceQuotaExceededException', 429, 'rate_limit_error'],
    [503, 'ServiceUnavailableException', 529, 'overloaded_error'],
    [429, 'ModelNotReadyException', 503, 'api_error'],
    [400, 'ValidationException', 400, 'invalid_request_error'],
    [403, 'AccessDeniedException', 403, 'permission_error'],
    [404, 'ResourceNotFoundException', 404, 'not_found_error'],
    [408, 'ModelTimeoutException', 504, 'timeout_error'],
    [424, 'ModelErrorException', 502, 'api_error'],
    [500, 'InternalServerException', 500, 'api_error'],
    [403, 'UnrecognizedClientException', 502, 'api_error'],
    [403, 'InvalidSignatureException', 502, 'api_error'],
    [403, 'ExpiredTokenException', 502, 'api_error'],
    [418, undefined, 502, 'api_error'],
    [400, undefined, 400, 'invalid_request_error'],
  ])('%i %s → %i %s with a generic message', (status, errorType, clientStatus, type) => {
    const withheld = jest.fn();
    const out = translateBedrockError(call, bedrockError(status, errorType, LEAKY), {
      endpointId: 'bedrock',
      onWithheldError: withheld,
    });
    const body = JSON.parse(out.body.toString('utf8'));
    expect(out.status).toBe(clientStatus);
    expect(body.type).toBe('error');
    expect(body.error.type).toBe(type);
    expect(out.body.toString()).not.toContain('123456789012');
    expect(withheld).toHaveBeenCalledWith({
      endpointId: 'bedrock',
      status,
      upstreamType: errorType,
      upstreamMessage: LEAKY,
    });
  });

  it('keeps retry-after on throttling', () => {
    const out = translateBedrockError(
      call,
      bedrockError(429, 'ThrottlingException', 'Too many requests', { 'retry-after': '3' }),
      { endpointId: 'b' },
    );
    expect(out.headers['retry-after']).toBe('3');
  });

  it('sends exactly "Input is too long." for that 400', () => {
    const out = translateBedrockError(
      call,
      bedrockError(400, 'ValidationException', 'Input is too long.'),
      {
        endpointId: 'b',
      },
    );
    expect(out.status).toBe(400);
    expect(JSON.parse(out.body.toString())).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Input is too long.' },
    });
    expect(out.headers['x-should-retry']).toBe('false');
  });

  it('relays prompt-too-long from a wrapped model error', () => {
    const out = translateBedrockError(
      call,
      bedrockError(
        400,
        'ValidationException',
        'The model returned the following errors: prompt is too long: 250000 tokens > 200000 maximum',
      ),
      { endpointId: 'b' },
    );
    expect(JSON.parse(out.body.toString()).error.message).toBe(
      'prompt is too long: 250000 tokens > 200000 maximum',
    );
  });

  it('relays the refusal of a system-role message, which Claude Code recovers from', () => {
    const refusal =
      "Malformed input request: messages.1.role: Input should be 'user' or 'assistant', please reformat your input and try again.";
    const withheld = jest.fn();
    const out = translateBedrockError(call, bedrockError(400, 'ValidationException', refusal), {
      endpointId: 'b',
      onWithheldError: withheld,
    });
    expect(out.status).toBe(400);
    expect(JSON.parse(out.body.toString())).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: refusal },
    });
    expect(withheld).not.toHaveBeenCalled();
  });

  it('relays a 400 already in the Anthropic envelope and genericises other enveloped errors', () => {
    const relayed = translateBedrockError(
      call,
      {
        status: 400,
        headers: {},
        body: Buffer.from(
          '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 9 > 8"}}',
        ),
      },
      { endpointId: 'b' },
    );
    expect(JSON.parse(relayed.body.toString()).error.message).toBe('prompt is too long: 9 > 8');
    const overloaded = translateBedrockError(
      call,
      {
        status: 529,
        headers: {},
        body: Buffer.from(
          '{"type":"error","error":{"type":"overloaded_error","message":"account 123456789012"}}',
        ),
      },
      { endpointId: 'b' },
    );
    expect(overloaded.status).toBe(529);
    expect(JSON.parse(overloaded.body.toString()).error).toEqual({
      type: 'overloaded_error',
      message: 'The upstream is overloaded; retry shortly.',
    });
  });

  it('names safeguards when Bedrock refuses that field, so the client retries without it', () => {
    const out = translateBedrockError(
      call,
      bedrockError(
        400,
        'ValidationException',
        'Malformed input request: #: extraneous key [safeguards] is not permitted',
      ),
      { endpointId: 'b' },
    );
    expect(JSON.parse(out.body.toString()).error.message).toContain('safeguards');
  });

  it('answers any CountTokens failure with 501 not_supported and x-should-retry false', () => {
    const out = translateBedrockError(
      { ...call, operation: 'count_tokens' },
      bedrockError(
        400,
        'ValidationException',
        "The provided model doesn't support counting tokens.",
      ),
      { endpointId: 'b' },
    );
    expect(out.status).toBe(501);
    expect(out.headers['x-should-retry']).toBe('false');
    expect(JSON.parse(out.body.toString()).error.type).toBe('not_supported');
  });
});
