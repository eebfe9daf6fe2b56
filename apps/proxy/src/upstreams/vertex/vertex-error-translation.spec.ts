import { translateVertexError } from './vertex-error-translation';

const google = (code: number, status: string, message: string) => ({
  status: code,
  headers: {},
  body: Buffer.from(JSON.stringify({ error: { code, message, status } })),
});

const LEAK = 'Quota exceeded for project acme-prod-4711 in us-east5';

describe('translateVertexError', () => {
  it.each([
    [429, 'RESOURCE_EXHAUSTED', 429, 'rate_limit_error'],
    [401, 'UNAUTHENTICATED', 502, 'api_error'],
    [403, 'PERMISSION_DENIED', 403, 'permission_error'],
    [404, 'NOT_FOUND', 404, 'not_found_error'],
    [400, 'INVALID_ARGUMENT', 400, 'invalid_request_error'],
    [503, 'UNAVAILABLE', 529, 'overloaded_error'],
    [504, 'DEADLINE_EXCEEDED', 504, 'timeout_error'],
    [500, 'INTERNAL', 500, 'api_error'],
    [409, 'ABORTED', 502, 'api_error'],
  ])('%i %s → %i %s without the project id', (code, status, clientStatus, type) => {
    const withheld = jest.fn();
    const out = translateVertexError(google(code, status, LEAK), {
      endpointId: 'vertex',
      onWithheldError: withheld,
    });
    expect(out.status).toBe(clientStatus);
    expect(JSON.parse(out.body.toString()).error.type).toBe(type);
    expect(out.body.toString()).not.toContain('acme-prod');
    expect(withheld).toHaveBeenCalledWith({
      endpointId: 'vertex',
      status: code,
      upstreamType: status,
      upstreamMessage: LEAK,
    });
  });

  it.each([
    'The request size (30037042 bytes) exceeds 30.000MB limit.',
    'The message size (31457281 bytes) exceeds 30.000MB limit.',
  ])('turns the size refusal "%s" into "Input is too long."', (message) => {
    const out = translateVertexError(google(400, 'INVALID_ARGUMENT', message), { endpointId: 'v' });
    expect(out.status).toBe(400);
    expect(JSON.parse(out.body.toString())).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Input is too long.' },
    });
  });

  it('relays Anthropic-enveloped 400s and keeps the type of others with a generic message', () => {
    const prompt = translateVertexError(
      {
        status: 400,
        headers: {},
        body: Buffer.from(
          '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 250000 tokens > 200000 maximum"},"request_id":"req_vrtx_1"}',
        ),
      },
      { endpointId: 'v' },
    );
    expect(JSON.parse(prompt.body.toString()).error.message).toBe(
      'prompt is too long: 250000 tokens > 200000 maximum',
    );
    const overloaded = translateVertexError(
      {
        status: 529,
        headers: { 'retry-after': '2' },
        body: Buffer.from(
          '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
        ),
      },
      { endpointId: 'v' },
    );
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers['retry-after']).toBe('2');
    expect(JSON.parse(overloaded.body.toString()).error.type).toBe('overloaded_error');
  });

  it('reads the array-wrapped Google shape and survives a body that is not JSON', () => {
    const wrapped = translateVertexError(
      {
        status: 429,
        headers: {},
        body: Buffer.from(
          JSON.stringify([{ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: LEAK } }]),
        ),
      },
      { endpointId: 'v' },
    );
    expect(JSON.parse(wrapped.body.toString()).error.type).toBe('rate_limit_error');
    const html = translateVertexError(
      { status: 502, headers: {}, body: Buffer.from('<html/>') },
      { endpointId: 'v' },
    );
    expect(html.status).toBe(502);
    expect(JSON.parse(html.body.toString()).error.type).toBe('api_error');
  });
});
