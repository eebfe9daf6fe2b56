import { compileBetaRules, dropRuleFields, keptBetas } from './beta-field-rules';

describe('beta field rules', () => {
  const rules = compileBetaRules([
    { beta: 'request-tags-2026-08-21', bodyFields: ['tags'] },
    { beta: 'other-beta', bodyFields: ['other', 'tags'] },
  ]);

  it('drops the ruled betas from a header, keeping the order of the rest', () => {
    expect(
      keptBetas(['claude-code-20250219, request-tags-2026-08-21', ' effort-2025-11-24,'], rules),
    ).toEqual(['claude-code-20250219', 'effort-2025-11-24']);
    expect(keptBetas(undefined, rules)).toEqual([]);
  });

  it('drops the paired body fields even when the beta was not sent', () => {
    const body: Record<string, unknown> = { tags: { a: 'b' }, other: 1, messages: [] };
    dropRuleFields(body, rules);
    expect(body).toEqual({ messages: [] });
    expect(rules.droppedFields).toEqual(['tags', 'other']);
  });
});
