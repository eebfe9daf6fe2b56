import { canonicalModelFamily, isCanonicalModelFamily } from './model-family';

describe('canonicalModelFamily', () => {
  it.each([
    // Anthropic ids, dated and alias forms
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-opus-4-20250514', 'claude-opus-4'],
    ['claude-opus-4-0', 'claude-opus-4'],
    ['claude-sonnet-4-0', 'claude-sonnet-4'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku'],
    ['claude-3-haiku-20240307', 'claude-3-haiku'],
    ['Claude-Sonnet-4-5 ', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
    // Bedrock model ids, inference profiles and ARNs
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['global.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    ['apac.anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['anthropic.claude-3-haiku-20240307-v1:0:200k', 'claude-3-haiku'],
    ['anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    [
      'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0',
      'claude-opus-4-1',
    ],
    [
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0',
      'claude-sonnet-4',
    ],
    // Vertex ids and resource paths
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['claude-3-5-haiku@20241022', 'claude-3-5-haiku'],
    [
      'projects/p/locations/us-east5/publishers/anthropic/models/claude-opus-4@20250514',
      'claude-opus-4',
    ],
  ])('%s → %s', (id, family) => {
    expect(canonicalModelFamily(id)).toBe(family);
  });

  it.each([
    'gpt-4o',
    '',
    'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4',
    'meta.llama3-70b-instruct-v1:0',
  ])('returns null for %j, which is not a Claude model id', (id) => {
    expect(canonicalModelFamily(id)).toBeNull();
  });

  it('accepts only canonical ids as canonical', () => {
    expect(isCanonicalModelFamily('claude-sonnet-4-5')).toBe(true);
    expect(isCanonicalModelFamily('claude-sonnet-4-5-20250929')).toBe(false);
    expect(isCanonicalModelFamily('claude-opus-4-0')).toBe(false);
  });
});
