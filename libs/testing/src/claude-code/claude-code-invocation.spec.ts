import { buildClaudeCodeInvocation, type InvocationContext } from './claude-code-invocation';

const context: InvocationContext = {
  home: '/tmp/t/home',
  configDir: '/tmp/t/home/.claude',
  outerEnv: {
    PATH: '/usr/bin',
    ANTHROPIC_API_KEY: 'sk-outer',
    ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
    CLAUDE_CODE_USE_BEDROCK: '1',
    HTTPS_PROXY: 'http://corp-proxy:3128',
    HOME: '/root',
  },
  uid: 1000,
};

describe('buildClaudeCodeInvocation', () => {
  it('runs print mode with JSON output, isolated HOME and config dir, and offline switches', () => {
    const { args, env } = buildClaudeCodeInvocation(
      { baseUrl: 'http://127.0.0.1:4100', prompt: 'hi', apiKeyHelperCommand: 'echo k' },
      context,
    );
    expect(args).toEqual(['-p', 'hi', '--output-format', 'json']);
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/tmp/t/home',
      CLAUDE_CONFIG_DIR: '/tmp/t/home/.claude',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:4100',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
    });
  });

  it('puts the helper command in settings.json and never passes an outer API key', () => {
    const { env, settings } = buildClaudeCodeInvocation(
      { baseUrl: 'http://x', prompt: 'p', apiKeyHelperCommand: '/usr/bin/gatehouse token' },
      context,
    );
    expect(settings).toEqual({ apiKeyHelper: '/usr/bin/gatehouse token' });
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
  });

  it('passes an explicit key through ANTHROPIC_API_KEY with no helper', () => {
    const { env, settings } = buildClaudeCodeInvocation(
      { baseUrl: 'http://x', prompt: 'p', apiKey: 'sk-test' },
      context,
    );
    expect(env.ANTHROPIC_API_KEY).toBe('sk-test');
    expect(settings).toEqual({});
  });

  it('pre-approves tools and picks the model on the command line', () => {
    const { args } = buildClaudeCodeInvocation(
      {
        baseUrl: 'http://x',
        prompt: 'p',
        apiKey: 'k',
        model: 'claude-sonnet-4-5',
        allowedTools: ['Write', 'Bash(echo:*)'],
      },
      context,
    );
    expect(args.slice(4)).toEqual([
      '--model',
      'claude-sonnet-4-5',
      '--allowedTools',
      'Write',
      'Bash(echo:*)',
    ]);
  });

  it('declares the sandbox only for bypassPermissions as root', () => {
    const run = { baseUrl: 'http://x', prompt: 'p', apiKey: 'k' } as const;
    const bypass = { ...run, permissionMode: 'bypassPermissions' } as const;
    expect(buildClaudeCodeInvocation(bypass, { ...context, uid: 0 }).env.IS_SANDBOX).toBe('1');
    expect(buildClaudeCodeInvocation(bypass, context).env.IS_SANDBOX).toBeUndefined();
    expect(buildClaudeCodeInvocation(run, { ...context, uid: 0 }).env.IS_SANDBOX).toBeUndefined();
  });

  it('lets extraEnv override the defaults', () => {
    const { env } = buildClaudeCodeInvocation(
      { baseUrl: 'http://x', prompt: 'p', apiKey: 'k', extraEnv: { DISABLE_TELEMETRY: '0' } },
      context,
    );
    expect(env.DISABLE_TELEMETRY).toBe('0');
  });
});
