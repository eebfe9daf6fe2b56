import { RequestBodyError, RequestBodyErrorCode } from './request-body-error';
import { inspectRequestBody } from './request-inspect';

const body = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function failure(raw: Buffer): RequestBodyError {
  const result = inspectRequestBody(raw);
  if (result.ok) throw new Error('expected the body to be refused');
  return result.error;
}

describe('inspectRequestBody', () => {
  it('extracts model, stream and max_tokens and keeps unknown fields untouched', () => {
    const raw = body({
      model: 'claude-sonnet-4-5',
      max_tokens: 32_000,
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
      safeguards: { mode: 'auto' },
      future_field: [1, 2, 3],
    });
    const result = inspectRequestBody(raw);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.request).toMatchObject({
      model: 'claude-sonnet-4-5',
      stream: true,
      maxTokens: 32_000,
    });
    expect(result.request.body).toMatchObject({
      safeguards: { mode: 'auto' },
      future_field: [1, 2, 3],
    });
    // Pass-through forwards the original bytes, not a re-serialisation.
    expect(result.request.raw).toBe(raw);
  });

  it('treats an absent stream as false and a non-integer max_tokens as unknown', () => {
    const result = inspectRequestBody(body({ model: 'claude-haiku-4-5', max_tokens: 'many' }));
    expect(result.ok && result.request).toMatchObject({ stream: false, maxTokens: null });
  });

  it.each([
    [Buffer.alloc(0), RequestBodyErrorCode.Empty, /^Request body is empty/],
    [
      body('{"model": "claude-sonnet-4-5",'),
      RequestBodyErrorCode.InvalidJson,
      /^Request body is not valid JSON: /,
    ],
    [
      body([{ model: 'x' }]),
      RequestBodyErrorCode.NotAnObject,
      /must be a JSON object, got an array/,
    ],
    [body('null'), RequestBodyErrorCode.NotAnObject, /got null/],
    [body({ messages: [] }), RequestBodyErrorCode.ModelMissing, /^`model` is required/],
    [
      body({ model: 4 }),
      RequestBodyErrorCode.ModelNotString,
      /^`model` must be a string, got a number/,
    ],
    [body({ model: '  ' }), RequestBodyErrorCode.ModelEmpty, /must not be empty/],
    [body({ model: 'c'.repeat(201) }), RequestBodyErrorCode.ModelTooLong, /201 characters/],
    [
      body({ model: 'claude-sonnet-4-5', stream: 'yes' }),
      RequestBodyErrorCode.StreamNotBoolean,
      /got a string/,
    ],
  ])('refuses a bad body with code %#', (raw, code, message) => {
    const error = failure(raw);
    expect(error).toBeInstanceOf(RequestBodyError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('maps every refusal to a 400 invalid_request_error envelope', () => {
    const error = failure(body({}));
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: error.message },
    });
  });

  it('reads a body given as a view into a larger buffer', () => {
    const backing = Buffer.from(`xx${JSON.stringify({ model: 'claude-opus-4-5' })}yy`);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, backing.length - 4);
    const result = inspectRequestBody(view);
    expect(result.ok && result.request.model).toBe('claude-opus-4-5');
  });
});
