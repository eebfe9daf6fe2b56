import { usageFromMessage, usageFromMessageBody } from './usage-summary';

const message = {
  id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Hi! My name is Claude.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: {
    input_tokens: 2095,
    cache_creation_input_tokens: 2051,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 2051 },
    output_tokens: 503,
    server_tool_use: { web_search_requests: 1 },
    service_tier: 'standard',
  },
};

describe('usageFromMessage', () => {
  it('reads a non-streaming message body', () => {
    expect(usageFromMessage(message)).toEqual({
      messageId: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      model: 'claude-sonnet-4-5-20250929',
      usage: {
        inputTokens: 2095,
        outputTokens: 503,
        cacheReadInputTokens: 0,
        cacheCreation5mInputTokens: 0,
        cacheCreation1hInputTokens: 2051,
        webSearchRequests: 1,
        webFetchRequests: 0,
      },
      usageReported: true,
      stopReason: 'end_turn',
      ttftMs: null,
      errorType: null,
      completed: true,
    });
  });

  it('counts cache writes without a TTL breakdown as 5-minute writes', () => {
    const usage = { input_tokens: 10, cache_creation_input_tokens: 300, output_tokens: 2 };
    expect(usageFromMessage({ ...message, usage }).usage).toMatchObject({
      cacheCreation5mInputTokens: 300,
      cacheCreation1hInputTokens: 0,
    });
  });

  it('counts the part of the total a partial breakdown leaves out as 5-minute writes', () => {
    const usage = {
      cache_creation_input_tokens: 500,
      cache_creation: { ephemeral_1h_input_tokens: 200 },
    };
    expect(usageFromMessage({ ...message, usage }).usage).toMatchObject({
      cacheCreation5mInputTokens: 300,
      cacheCreation1hInputTokens: 200,
    });
  });

  it('reads the error type of an error body', () => {
    const body = {
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: 'Number of request tokens has exceeded your per-minute rate limit',
      },
    };
    expect(usageFromMessage(body)).toMatchObject({
      errorType: 'rate_limit_error',
      usageReported: false,
      completed: false,
    });
  });

  it('parses raw body bytes and survives a body that is not JSON', () => {
    expect(usageFromMessageBody(Buffer.from(JSON.stringify(message))).usage.outputTokens).toBe(503);
    expect(usageFromMessageBody(Buffer.from('<html>bad gateway</html>'))).toMatchObject({
      usageReported: false,
      messageId: null,
    });
  });
});
