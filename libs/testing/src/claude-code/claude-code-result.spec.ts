import { parseClaudeCodeResult } from './claude-code-result';

const result = {
  type: 'result',
  subtype: 'success',
  is_error: false,
  num_turns: 2,
  session_id: '00199480-1f67-48d1-9564-4479bd62dfd7',
  result: 'Done. Tool result: hello',
  usage: {
    input_tokens: 0,
    output_tokens: 36,
    cache_creation_input_tokens: 12291,
    cache_read_input_tokens: 12201,
    service_tier: 'standard',
  },
  modelUsage: { 'claude-opus-5-5': { outputTokens: 36 } },
};

describe('parseClaudeCodeResult', () => {
  it('reads the result object and keeps fields it does not know', () => {
    const parsed = parseClaudeCodeResult(`${JSON.stringify(result)}\n`);
    expect(parsed).toMatchObject({
      is_error: false,
      num_turns: 2,
      result: 'Done. Tool result: hello',
    });
    expect(parsed?.modelUsage).toEqual(result.modelUsage);
  });

  it('takes the last result line when other output precedes it', () => {
    const stdout = `warning: something\n{"type":"system"}\n${JSON.stringify(result)}`;
    expect(parseClaudeCodeResult(stdout)?.session_id).toBe(result.session_id);
  });

  it('returns null when stdout holds no result', () => {
    expect(parseClaudeCodeResult('Error: claude native binary not installed.\n')).toBeNull();
    expect(parseClaudeCodeResult('{"type":"result"')).toBeNull();
  });
});
