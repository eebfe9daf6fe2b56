import { sampleEvents } from '../fixtures';
import { auditRecordV1Schema } from './audit/record.v1';
import { budgetAlertV1Schema } from './budget/alert.v1';
import { budgetSubject } from './budget/budget-subject';
import { budgetStateV1Schema } from './budget/state.v1';
import { mcpToolCallV1Schema } from './mcp/tool-call.v1';
import { policySnapshotV1Schema } from './policy/snapshot.v1';

describe('budget subjects', () => {
  it.each(['user:usr_1', 'team:team-platform', 'org:0b9c5c4e-6f2a-4a57-9d0e-3c1f2a9b8e77'])(
    'accepts %s',
    (subject) => {
      expect(budgetSubject.safeParse(subject).success).toBe(true);
    },
  );

  it.each(['usr_1', 'group:eng', 'user:', 'user:a:b', 'USER:usr_1', 'user: usr_1'])(
    'rejects %s',
    (subject) => {
      expect(budgetSubject.safeParse(subject).success).toBe(false);
    },
  );
});

describe('budget.state v1', () => {
  it('rejects a window that ends before it starts', () => {
    const state = sampleEvents.budgetState({ windowEnd: '2024-12-31T00:00:00Z' });
    expect(budgetStateV1Schema.safeParse(state).success).toBe(false);
  });

  it('rejects an unknown status', () => {
    expect(
      budgetStateV1Schema.safeParse({ ...sampleEvents.budgetState(), status: 'exhausted' }).success,
    ).toBe(false);
  });
});

describe('budget.alert v1', () => {
  it('rejects a threshold of zero', () => {
    expect(
      budgetAlertV1Schema.safeParse(sampleEvents.budgetAlert({ thresholdPercent: 0 })).success,
    ).toBe(false);
  });
});

describe('policy.snapshot v1', () => {
  it('accepts any JSON object as the document', () => {
    const snapshot = sampleEvents.policySnapshot({
      document: { env: { A: '1' }, list: [1, 'two', null, { nested: true }] },
    });
    expect(policySnapshotV1Schema.safeParse(snapshot).success).toBe(true);
  });

  it('rejects a checksum that is not sha256:<64 hex>', () => {
    expect(
      policySnapshotV1Schema.safeParse(sampleEvents.policySnapshot({ checksum: 'md5:abc' }))
        .success,
    ).toBe(false);
    expect(
      policySnapshotV1Schema.safeParse(
        sampleEvents.policySnapshot({ checksum: `sha256:${'AB'.repeat(32)}` }),
      ).success,
    ).toBe(false);
  });
});

describe('audit.record v1', () => {
  const hash = `sha256:${'01'.repeat(32)}`;

  it('accepts a record with both chain fields, as the audit service writes it', () => {
    expect(
      auditRecordV1Schema.safeParse(sampleEvents.auditRecord({ prevHash: hash, hash })).success,
    ).toBe(true);
  });

  it('rejects a record with only one chain field', () => {
    expect(auditRecordV1Schema.safeParse(sampleEvents.auditRecord({ hash })).success).toBe(false);
  });

  it('rejects nested metadata values and actions that are not dotted verbs', () => {
    expect(
      auditRecordV1Schema.safeParse(
        sampleEvents.auditRecord({ metadata: { nested: { a: 1 } } as never }),
      ).success,
    ).toBe(false);
    expect(
      auditRecordV1Schema.safeParse(sampleEvents.auditRecord({ action: 'DeactivateUser' })).success,
    ).toBe(false);
  });

  it('rejects more than 50 metadata entries', () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i]));
    expect(auditRecordV1Schema.safeParse(sampleEvents.auditRecord({ metadata })).success).toBe(
      false,
    );
  });
});

describe('mcp.tool_call v1', () => {
  it('accepts a denied call with its reason', () => {
    const denied = sampleEvents.mcpToolCall({
      outcome: 'denied',
      denialReason: 'tool_not_allowed',
      resultSizeBytes: null,
    });
    expect(mcpToolCallV1Schema.safeParse(denied).success).toBe(true);
  });

  it('rejects a denial without a reason and a reason without a denial', () => {
    expect(
      mcpToolCallV1Schema.safeParse(sampleEvents.mcpToolCall({ outcome: 'denied' })).success,
    ).toBe(false);
    expect(
      mcpToolCallV1Schema.safeParse(sampleEvents.mcpToolCall({ denialReason: 'role_missing' }))
        .success,
    ).toBe(false);
  });

  it('never carries the arguments themselves', () => {
    const withArguments = { ...sampleEvents.mcpToolCall(), arguments: { query: 'is:open' } };
    expect(mcpToolCallV1Schema.safeParse(withArguments).success).toBe(false);
  });
});
