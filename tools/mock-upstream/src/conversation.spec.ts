import type { MessagesRequest, RequestTool } from './api-types';
import { ConversationEngine } from './conversation';
import { parseScript } from './script';

const bash: RequestTool = {
  name: 'Bash',
  input_schema: {
    type: 'object',
    properties: { command: { type: 'string' }, timeout: { type: 'number' } },
    required: ['command'],
  },
};
const read: RequestTool = {
  name: 'Read',
  input_schema: {
    type: 'object',
    properties: { file_path: { type: 'string' } },
    required: ['file_path'],
  },
};

function ask(text: string, extra: Partial<MessagesRequest> = {}): MessagesRequest {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 1000,
    messages: [{ role: 'user', content: text }],
    ...extra,
  };
}

const engine = (options: Partial<ConstructorParameters<typeof ConversationEngine>[0]> = {}) =>
  new ConversationEngine({ toolTrigger: 'use a tool', ...options });

describe('ConversationEngine', () => {
  it('echoes the start of the last text block', () => {
    const reply = engine().reply({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>x</system-reminder>' },
            { type: 'text', text: 'What is the capital of France and why is it Paris?' },
          ],
        },
      ],
    });
    expect(reply.content).toEqual([
      { type: 'text', text: 'Mock reply to: What is the capital of France and why is' },
    ]);
    expect(reply.stopReason).toBe('end_turn');
    expect(reply.outputTokens).toBe(
      Math.ceil(reply.content.map((b) => (b.type === 'text' ? b.text : '')).join('').length / 4),
    );
  });

  it('calls the tool named by a MOCK_TOOL marker with its JSON input', () => {
    const reply = engine().reply(
      ask('please MOCK_TOOL:Bash:{"command":"echo hi"} now', { tools: [read, bash] }),
    );
    expect(reply.stopReason).toBe('tool_use');
    expect(reply.content).toEqual([
      {
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_01\w{22}$/),
        name: 'Bash',
        input: { command: 'echo hi' },
      },
    ]);
  });

  it('refuses a marker for a tool the request does not offer', () => {
    const reply = engine().reply(ask('MOCK_TOOL:Write:{"a":1}', { tools: [bash] }));
    expect(reply.stopReason).toBe('end_turn');
    expect(reply.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('does not offer'),
    });
  });

  it('uses the configured default tool for the trigger phrase, with schema-derived input', () => {
    const reply = engine({ defaultToolName: 'Read' }).reply(
      ask('Could you USE A TOOL here', { tools: [bash, read] }),
    );
    expect(reply.content[1]).toMatchObject({
      type: 'tool_use',
      name: 'Read',
      input: { file_path: 'mock' },
    });
    expect(reply.stopReason).toBe('tool_use');
  });

  it('ignores the trigger when no tools are offered', () => {
    expect(engine().reply(ask('use a tool')).content[0]).toMatchObject({
      type: 'text',
      text: 'Mock reply to: use a tool',
    });
  });

  it('finishes with "Done." after a tool_result', () => {
    const reply = engine().reply({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools: [bash],
      messages: [
        { role: 'user', content: 'MOCK_TOOL:Bash:{"command":"ls"}' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'text', text: 'file-a file-b' }],
            },
          ],
        },
      ],
    });
    expect(reply.content).toEqual([{ type: 'text', text: 'Done. Tool result: file-a file-b' }]);
    expect(reply.stopReason).toBe('end_turn');
  });

  it('cuts the reply at max_tokens', () => {
    const reply = engine().reply(ask('hello', { max_tokens: 1 }));
    expect(reply).toMatchObject({
      stopReason: 'max_tokens',
      outputTokens: 1,
      content: [{ type: 'text', text: 'Mock' }],
    });
  });

  it('stops at the earliest stop sequence', () => {
    const reply = engine().reply(ask('alpha beta', { stop_sequences: ['beta', 'to:'] }));
    expect(reply).toMatchObject({
      stopReason: 'stop_sequence',
      stopSequence: 'to:',
      content: [{ type: 'text', text: 'Mock reply ' }],
    });
  });

  it('pads to an exact output length when asked', () => {
    const reply = engine().reply(ask('hi'), 50);
    expect(reply.outputTokens).toBe(50);
    expect(reply.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/^Mock reply to: hi lorem/),
    });
  });

  it('answers structured-output requests with JSON that fits the schema', () => {
    const reply = engine().reply(
      ask('title please', {
        output_format: {
          type: 'json_schema',
          schema: {
            type: 'object',
            properties: { title: { type: 'string' } },
            required: ['title'],
          },
        },
      }),
    );
    expect(JSON.parse((reply.content[0] as { text: string }).text)).toEqual({ title: 'mock' });
  });

  it('plays script turns in order for tool-offering requests and lets side requests through', () => {
    const script = parseScript([
      { reply: { toolUse: { name: 'Bash', input: { command: 'pwd' } } } },
      { reply: { text: 'All finished.' } },
    ]);
    const scripted = engine({ script });
    expect(scripted.reply(ask('generate a title')).content[0]).toMatchObject({
      text: 'Mock reply to: generate a title',
    });
    expect(scripted.reply(ask('go', { tools: [bash] })).content[0]).toMatchObject({
      type: 'tool_use',
      input: { command: 'pwd' },
    });
    expect(scripted.reply(ask('go on', { tools: [bash] })).content[0]).toMatchObject({
      type: 'text',
      text: 'All finished.',
    });
    expect(scripted.reply(ask('again', { tools: [bash] })).content[0]).toMatchObject({
      text: 'Mock reply to: again',
    });
    scripted.reset();
    expect(scripted.reply(ask('go', { tools: [bash] })).content[0]).toMatchObject({
      type: 'tool_use',
    });
  });

  it('cycles a script when asked and honours turn filters', () => {
    const script = parseScript({
      turns: [{ when: { userTextIncludes: 'ping' }, reply: { text: 'pong' } }],
      afterLast: 'cycle',
    });
    const scripted = engine({ script });
    expect(scripted.reply(ask('hello')).content[0]).toMatchObject({ text: 'Mock reply to: hello' });
    expect(scripted.reply(ask('ping')).content[0]).toMatchObject({ text: 'pong' });
    expect(scripted.reply(ask('ping')).content[0]).toMatchObject({ text: 'pong' });
  });
});
