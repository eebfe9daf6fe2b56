import { evaluatePolicy } from './evaluate-policy';
import type { JsonObject } from './json-value';
import { mergeSettings } from './merge-settings';
import type { ManagedSettingsPolicy } from './policy-document';

describe('mergeSettings', () => {
  it('Given a base and a layer with nested objects, When merged, Then objects deep-merge key by key', () => {
    const base: JsonObject = { env: { A: '1', B: '1' }, sandbox: { network: { x: 1 } } };
    const layer: JsonObject = { env: { B: '2', C: '3' }, sandbox: { network: { y: 2 } } };

    expect(mergeSettings([base, layer])).toEqual({
      env: { A: '1', B: '2', C: '3' },
      sandbox: { network: { x: 1, y: 2 } },
    });
  });

  it('Given a scalar in two layers, When merged, Then the later layer wins', () => {
    expect(mergeSettings([{ model: 'sonnet', cleanupPeriodDays: 30 }, { model: 'opus' }])).toEqual({
      model: 'opus',
      cleanupPeriodDays: 30,
    });
  });

  it('Given deny-lists in several layers, When merged, Then they are unioned in first-seen order without duplicates', () => {
    const merged = mergeSettings([
      { permissions: { deny: ['Read(./.env)', 'Bash(curl:*)'] } },
      { permissions: { deny: ['Bash(curl:*)', 'WebFetch'] } },
      { permissions: { deny: [] } },
    ]);

    expect(merged).toEqual({ permissions: { deny: ['Read(./.env)', 'Bash(curl:*)', 'WebFetch'] } });
  });

  it('Given denied MCP servers as objects, When merged, Then entries are deduplicated by content', () => {
    const merged = mergeSettings([
      { deniedMcpServers: [{ serverName: 'fs' }, { serverUrl: 'https://x.example/*' }] },
      { deniedMcpServers: [{ serverName: 'fs' }, { serverName: 'shell' }] },
    ]);

    expect(merged['deniedMcpServers']).toEqual([
      { serverName: 'fs' },
      { serverUrl: 'https://x.example/*' },
      { serverName: 'shell' },
    ]);
  });

  it('Given permission grants and hooks, When merged, Then they are additive like the deny-list', () => {
    const merged = mergeSettings([
      {
        permissions: { allow: ['Bash(npm test)'], ask: ['Bash(git push:*)'] },
        hooks: {
          PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'audit' }] }],
        },
      },
      {
        permissions: { allow: ['Bash(make:*)'], ask: ['Bash(rm:*)'] },
        hooks: { PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'lint' }] }] },
      },
    ]);

    expect(merged).toEqual({
      permissions: {
        allow: ['Bash(npm test)', 'Bash(make:*)'],
        ask: ['Bash(git push:*)', 'Bash(rm:*)'],
      },
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: 'audit' }] },
          { matcher: 'Edit', hooks: [{ type: 'command', command: 'lint' }] },
        ],
      },
    });
  });

  it('Given a bounding allow-list or an unknown list, When a later layer sets it, Then that layer replaces it', () => {
    const merged = mergeSettings([
      { availableModels: ['haiku', 'sonnet'], futureList: [1, 2] },
      { availableModels: ['opus'], futureList: [3] },
    ]);

    expect(merged).toEqual({ availableModels: ['opus'], futureList: [3] });
  });

  it('Given unknown keys, When merged, Then they pass through unchanged', () => {
    const merged = mergeSettings([{ someNewSetting: { nested: [1] } }, { otherNew: true }]);
    expect(merged).toEqual({ someNewSetting: { nested: [1] }, otherNew: true });
  });

  it('Given stored layers, When merged and the result is changed, Then the inputs stay untouched', () => {
    const base: JsonObject = { permissions: { deny: ['A'] }, env: { X: '1' } };
    const snapshot = JSON.stringify(base);
    const merged = mergeSettings([base, { model: 'opus' }]);
    (merged['env'] as JsonObject)['X'] = 'changed';
    ((merged['permissions'] as JsonObject)['deny'] as string[]).push('B');

    expect(JSON.stringify(base)).toBe(snapshot);
  });
});

describe('evaluatePolicy', () => {
  const policy: ManagedSettingsPolicy = {
    base: { permissions: { deny: ['Read(./.env)'] }, model: 'sonnet', availableModels: ['sonnet'] },
    layers: [
      {
        name: 'ml',
        groups: ['ml-team'],
        roles: [],
        settings: { availableModels: ['sonnet', 'opus'], permissions: { deny: ['Bash(curl:*)'] } },
      },
      {
        name: 'contractors',
        groups: ['contractors'],
        roles: [],
        settings: { model: 'haiku', permissions: { deny: ['WebFetch'] } },
      },
      {
        name: 'admins',
        groups: [],
        roles: ['gatehouse-admin'],
        settings: { env: { ADMIN: '1' } },
      },
    ],
  };

  it('Given a user in no group, When evaluated, Then only the base applies', () => {
    const result = evaluatePolicy(policy, { groups: ['sales'], roles: ['developer'] });

    expect(result.appliedLayers).toEqual([]);
    expect(result.settings).toEqual(policy.base);
  });

  it('Given a user in two groups and a role, When evaluated, Then matching layers merge in policy order', () => {
    const result = evaluatePolicy(policy, {
      groups: ['contractors', 'ml-team'],
      roles: ['gatehouse-admin'],
    });

    expect(result.appliedLayers).toEqual(['ml', 'contractors', 'admins']);
    expect(result.settings).toEqual({
      permissions: { deny: ['Read(./.env)', 'Bash(curl:*)', 'WebFetch'] },
      model: 'haiku',
      availableModels: ['sonnet', 'opus'],
      env: { ADMIN: '1' },
    });
  });

  it('Given the same groups in another order, When evaluated, Then settings and checksum are identical', () => {
    const first = evaluatePolicy(policy, { groups: ['ml-team', 'contractors'], roles: [] });
    const second = evaluatePolicy(policy, { groups: ['contractors', 'ml-team'], roles: [] });

    expect(second.checksum).toBe(first.checksum);
    expect(second.settings).toEqual(first.settings);
  });
});
