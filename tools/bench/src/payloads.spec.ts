import { claudeCodeSizedBody, smallBody } from './payloads';

describe('request bodies', () => {
  it('builds a streaming Claude-Code-shaped body of the requested size', () => {
    const body = claudeCodeSizedBody(50 * 1024, 'claude-sonnet-4-5');
    expect(Buffer.byteLength(body)).toBe(50 * 1024);
    const parsed = JSON.parse(body) as { stream: boolean; model: string; tools: unknown[] };
    expect(parsed).toMatchObject({ stream: true, model: 'claude-sonnet-4-5' });
    expect(parsed.tools).toHaveLength(4);
  });

  it('keeps the small body small and non-streaming', () => {
    const body = smallBody('claude-haiku-4-5');
    expect(Buffer.byteLength(body)).toBeLessThan(200);
    expect(JSON.parse(body)).not.toHaveProperty('stream');
  });
});
