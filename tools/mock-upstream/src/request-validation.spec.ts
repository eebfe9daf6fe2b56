import { parseBetaHeader, validateMessagesBody } from './request-validation';

const withSystemMessage = {
  model: 'claude-mock',
  max_tokens: 10,
  messages: [
    { role: 'user', content: 'hi' },
    { role: 'system', content: [{ type: 'text', text: '# Environment' }] },
  ],
};

describe('validateMessagesBody: mid-conversation system messages', () => {
  it('rejects role "system" without a beta that enables it, with the API wording', () => {
    const result = validateMessagesBody(withSystemMessage, { requireMaxTokens: true });
    expect(result).toEqual({
      ok: false,
      message: "messages.1.role: Input should be 'user' or 'assistant'",
    });
  });

  it('accepts role "system" under per-turn-control-2026-07-01 from the header', () => {
    const result = validateMessagesBody(withSystemMessage, {
      requireMaxTokens: true,
      betas: parseBetaHeader('claude-code-20250219,per-turn-control-2026-07-01'),
    });
    expect(result.ok).toBe(true);
  });

  it('accepts role "system" when Bedrock or Vertex carry the beta in anthropic_beta', () => {
    const body = {
      ...withSystemMessage,
      anthropic_beta: ['mid-conversation-tool-changes-2026-07-01'],
    };
    expect(validateMessagesBody(body, { requireMaxTokens: true }).ok).toBe(true);
  });

  it('still rejects roles the API never takes', () => {
    const body = { ...withSystemMessage, messages: [{ role: 'tool', content: 'x' }] };
    const result = validateMessagesBody(body, {
      requireMaxTokens: true,
      betas: ['per-turn-control-2026-07-01'],
    });
    expect(result.ok).toBe(false);
  });
});

describe('parseBetaHeader', () => {
  it('splits comma lists and repeated headers and drops blanks', () => {
    expect(parseBetaHeader(['a, b', 'c,'])).toEqual(['a', 'b', 'c']);
    expect(parseBetaHeader(undefined)).toEqual([]);
  });
});
