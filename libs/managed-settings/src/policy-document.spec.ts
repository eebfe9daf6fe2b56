import { withGatewayEnv } from './gateway-env';
import { ManagedSettingsError } from './managed-settings-error';
import { validatePolicyDocument, validateSettingsDocument } from './policy-document';

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = validatePolicyDocument(input);
  if (result.ok) throw new Error('expected the document to be refused');
  return [...result.issues];
}

describe('validatePolicyDocument', () => {
  it('accepts a layered document and keeps unknown keys at every level', () => {
    const result = validatePolicyDocument({
      base: {
        permissions: { deny: ['Read(./.env)'], futurePermissionKey: { a: 1 } },
        brandNewSetting: [1, 'two'],
        forceLoginMethod: 'gateway',
        forceLoginGatewayUrl: 'https://gatehouse.example.com',
      },
      layers: [{ name: 'ml', groups: ['ml-team'], settings: { availableModels: ['opus'] } }],
    });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.policy.base['brandNewSetting']).toEqual([1, 'two']);
    expect(result.policy.base['permissions']).toEqual({
      deny: ['Read(./.env)'],
      futurePermissionKey: { a: 1 },
    });
    expect(result.policy.layers[0]).toEqual({
      name: 'ml',
      groups: ['ml-team'],
      roles: [],
      settings: { availableModels: ['opus'] },
    });
  });

  it('names the field when a known key has the wrong type', () => {
    const issues = issuesOf({
      base: { permissions: { deny: 'Bash(curl:*)' } },
      layers: [{ name: 'x', roles: ['admin'], settings: { env: { PORT: 8080 } } }],
    });

    expect(issues.map((issue) => issue.path)).toEqual([
      'base.permissions.deny',
      'layers[0].settings.env.PORT',
    ]);
    expect(issues[0]?.message).toMatch(/expected array/);
    expect(issues[1]?.message).toMatch(/expected string/);
  });

  it('refuses an unknown login method and a login gateway URL that is not http(s)', () => {
    const issues = issuesOf({
      base: { forceLoginMethod: 'sso', forceLoginGatewayUrl: 'ftp://gatehouse.example.com' },
    });

    expect(issues.map((issue) => issue.path)).toEqual([
      'base.forceLoginMethod',
      'base.forceLoginGatewayUrl',
    ]);
    expect(issues[0]?.message).toMatch(/claudeai.*console.*gateway/);
    expect(issues[1]?.message).toBe('must be an absolute http(s) URL');
  });

  it('refuses a layer without an audience, duplicate layer names and unknown top-level policy keys', () => {
    const issues = issuesOf({
      base: {},
      layers: [
        { name: 'a', groups: ['g'], settings: {} },
        { name: 'a', groups: ['h'], settings: {} },
        { name: 'b', settings: {} },
      ],
      extra: true,
    });

    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '(document)', message: expect.stringMatching(/extra/) },
        { path: 'layers[2].groups', message: expect.stringMatching(/at least one group or role/) },
      ]),
    );
    expect(
      validatePolicyDocument({
        base: {},
        layers: [
          { name: 'a', groups: ['g'], settings: {} },
          { name: 'a', groups: ['h'], settings: {} },
        ],
      }),
    ).toEqual({
      ok: false,
      issues: [
        { path: 'layers[1].name', message: 'layer name "a" is used twice; names must be unique' },
      ],
    });
  });

  it('refuses a document without a base', () => {
    expect(issuesOf({ layers: [] }).map((issue) => issue.path)).toEqual(['base']);
  });
});

describe('validateSettingsDocument', () => {
  it('validates a single settings document the same way', () => {
    expect(validateSettingsDocument({ cleanupPeriodDays: -1 })).toEqual({
      ok: false,
      issues: [{ path: 'cleanupPeriodDays', message: expect.stringMatching(/>=\s*0/) }],
    });
    expect(validateSettingsDocument({ cleanupPeriodDays: 7 })).toEqual({
      ok: true,
      settings: { cleanupPeriodDays: 7 },
    });
  });
});

describe('withGatewayEnv', () => {
  it('adds the base URL and the hint-header switch, keeping values the policy already sets', () => {
    expect(
      withGatewayEnv(
        { env: { CLAUDE_CODE_GATEWAY_HINT_HEADERS: '0', X: '1' } },
        'https://gh.example/',
      ),
    ).toEqual({
      env: {
        ANTHROPIC_BASE_URL: 'https://gh.example',
        CLAUDE_CODE_GATEWAY_HINT_HEADERS: '0',
        X: '1',
      },
    });
  });

  it('refuses a URL that is not absolute http(s)', () => {
    expect(() => withGatewayEnv({}, 'gh.example')).toThrow(ManagedSettingsError);
    expect(() => withGatewayEnv({}, 'file:///etc')).toThrow('not an absolute http(s) URL');
  });
});
