import { CliErrorCode } from '../cli-error';
import { HELPER_TTL_ENV, mergeClaudeSettings, shellQuote } from './claude-settings-merge';

const wanted = {
  apiKeyHelper: '/repo/apps/cli/bin/gatehouse token',
  baseUrl: 'http://127.0.0.1:4000',
  helperTtlMs: 50_000,
};

describe('mergeClaudeSettings', () => {
  it('given empty settings, sets the helper, the base URL and the helper TTL', () => {
    const result = mergeClaudeSettings({}, wanted);
    expect(result.settings).toEqual({
      apiKeyHelper: wanted.apiKeyHelper,
      env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000', [HELPER_TTL_ENV]: '50000' },
    });
    expect(result.changes.map((change) => change.key)).toEqual([
      'apiKeyHelper',
      'env.ANTHROPIC_BASE_URL',
      `env.${HELPER_TTL_ENV}`,
    ]);
  });

  it('keeps every other key, including other env entries, and reports only what changed', () => {
    const existing = {
      model: 'opus',
      permissions: { allow: ['Bash(npm test:*)'] },
      apiKeyHelper: wanted.apiKeyHelper,
      env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'https://old.test' },
    };
    const result = mergeClaudeSettings(existing, wanted);
    expect(result.settings).toEqual({
      model: 'opus',
      permissions: { allow: ['Bash(npm test:*)'] },
      apiKeyHelper: wanted.apiKeyHelper,
      env: { FOO: 'bar', ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000', [HELPER_TTL_ENV]: '50000' },
    });
    expect(result.changes).toEqual([
      { key: 'env.ANTHROPIC_BASE_URL', before: 'https://old.test', after: 'http://127.0.0.1:4000' },
      { key: `env.${HELPER_TTL_ENV}`, before: undefined, after: '50000' },
    ]);
    expect(existing.env).toEqual({ FOO: 'bar', ANTHROPIC_BASE_URL: 'https://old.test' });
  });

  it('is idempotent', () => {
    const once = mergeClaudeSettings({}, wanted).settings;
    expect(mergeClaudeSettings(once, wanted).changes).toEqual([]);
  });

  it('warns about a static key that would compete with the helper', () => {
    expect(mergeClaudeSettings({ env: { ANTHROPIC_API_KEY: 'sk-x' } }, wanted).warnings).toEqual([
      expect.stringContaining('env.ANTHROPIC_API_KEY'),
    ]);
  });

  it('refuses an env that is not an object', () => {
    expect(() => mergeClaudeSettings({ env: ['x'] }, wanted)).toThrow(
      expect.objectContaining({ code: CliErrorCode.INVALID_SETTINGS }),
    );
  });
});

describe('shellQuote', () => {
  it('leaves plain paths alone and single-quotes the rest', () => {
    expect(shellQuote('/work/main/apps/cli/bin/gatehouse')).toBe(
      '/work/main/apps/cli/bin/gatehouse',
    );
    expect(shellQuote("/home/o'neil/my repo/gatehouse")).toBe(
      `'/home/o'\\''neil/my repo/gatehouse'`,
    );
  });
});
