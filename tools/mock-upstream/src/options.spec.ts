import { MockUpstreamError } from './errors';
import { optionsFromEnv, resolveOptions } from './options';
import { parseScript } from './script';

describe('options', () => {
  it('reads MOCK_* variables into typed options', () => {
    const options = optionsFromEnv({
      MOCK_PORT: '4100',
      MOCK_TOKENS_PER_SEC: '50',
      MOCK_FAULT: '529',
      MOCK_FAULT_RATE: '0.25',
      MOCK_API_KEY: 'k',
    });
    expect(options).toMatchObject({
      port: 4100,
      anthropicApiKey: 'k',
      fault: '529',
      faultRate: 0.25,
      timing: { tokensPerSecond: 50 },
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => optionsFromEnv({ MOCK_FAULT_RATE: '2' })).toThrow(/MOCK_FAULT_RATE/);
  });

  it('rejects an unknown global fault at start', () => {
    expect(() => resolveOptions({ fault: 'teapot' })).toThrow(MockUpstreamError);
  });

  it('rejects a script turn without a reply body', () => {
    expect(() => parseScript([{ reply: {} }])).toThrow(/text, toolUse or both/);
  });
});
