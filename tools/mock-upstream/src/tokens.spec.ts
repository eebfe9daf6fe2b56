import type { MessagesRequest } from './api-types';
import { estimateInputTokens, PromptCache, tokensForText } from './tokens';

const request = (
  messages: MessagesRequest['messages'],
  system?: MessagesRequest['system'],
): MessagesRequest => ({
  model: 'claude-sonnet-4-5',
  max_tokens: 100,
  messages,
  system,
});

describe('token estimate', () => {
  it('counts one token per four characters, rounded up, over system and messages', () => {
    expect(tokensForText('abcd')).toBe(1);
    expect(tokensForText('abcde')).toBe(2);
    // 8 chars of system + 12 chars of message = 20 chars = 5 tokens
    expect(
      estimateInputTokens(request([{ role: 'user', content: 'hello world!' }], 'be brief')),
    ).toBe(5);
  });

  it('serialises blocks as JSON and ignores cache_control markers', () => {
    const block = { type: 'text', text: 'hi' };
    const plain = estimateInputTokens(request([{ role: 'user', content: [block] }]));
    const marked = estimateInputTokens(
      request([{ role: 'user', content: [{ ...block, cache_control: { type: 'ephemeral' } }] }]),
    );
    expect(plain).toBe(Math.ceil(JSON.stringify(block).length / 4));
    expect(marked).toBe(plain);
  });
});

describe('PromptCache', () => {
  const system = [
    { type: 'text', text: 'x'.repeat(400), cache_control: { type: 'ephemeral' as const } },
  ];

  it('writes the prefix on the first call and reads it on the next', () => {
    const cache = new PromptCache(() => 0);
    const req = request([{ role: 'user', content: 'question one' }], system);
    const first = cache.measure(req);
    expect(first.cache_creation_input_tokens).toBeGreaterThan(100);
    expect(first.cache_read_input_tokens).toBe(0);
    expect(first.cache_creation.ephemeral_5m_input_tokens).toBe(first.cache_creation_input_tokens);
    const second = cache.measure(req);
    expect(second.cache_read_input_tokens).toBe(first.cache_creation_input_tokens);
    expect(second.cache_creation_input_tokens).toBe(0);
    expect(second.input_tokens).toBe(first.input_tokens);
  });

  it('reads the previous turn when the breakpoint moves forward, writing only the new part', () => {
    const cache = new PromptCache(() => 0);
    const turn1 = [
      {
        role: 'user' as const,
        content: [
          { type: 'text', text: 'a'.repeat(200), cache_control: { type: 'ephemeral' as const } },
        ],
      },
    ];
    const written = cache.measure(request(turn1)).cache_creation_input_tokens;
    const turn2 = [
      { role: 'user' as const, content: [{ type: 'text', text: 'a'.repeat(200) }] },
      { role: 'assistant' as const, content: 'reply' },
      {
        role: 'user' as const,
        content: [
          {
            type: 'text',
            text: 'b'.repeat(200),
            cache_control: { type: 'ephemeral' as const, ttl: '1h' as const },
          },
        ],
      },
    ];
    const usage = cache.measure(request(turn2));
    expect(usage.cache_read_input_tokens).toBe(written);
    expect(usage.cache_creation_input_tokens).toBe(estimateInputTokens(request(turn2)) - written);
    expect(usage.cache_creation.ephemeral_1h_input_tokens).toBe(usage.cache_creation_input_tokens);
  });

  it('forgets entries after their ttl', () => {
    let now = 0;
    const cache = new PromptCache(() => now);
    const req = request([{ role: 'user', content: 'q' }], system);
    cache.measure(req);
    now = 5 * 60_000 + 1;
    expect(cache.measure(req).cache_read_input_tokens).toBe(0);
  });

  it('reports everything as plain input without breakpoints', () => {
    const usage = new PromptCache().measure(request([{ role: 'user', content: 'abcdefgh' }]));
    expect(usage).toMatchObject({
      input_tokens: 2,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});
