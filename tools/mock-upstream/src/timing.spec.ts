import { DEFAULT_TIMING, deltaIntervalMs, generationMs, resolveTiming } from './timing';

describe('timing knobs', () => {
  it('keeps the defaults object when no override header is present', () => {
    expect(resolveTiming(DEFAULT_TIMING, {})).toBe(DEFAULT_TIMING);
  });

  it('applies x-mock-* overrides and ignores malformed ones', () => {
    const knobs = resolveTiming(DEFAULT_TIMING, {
      'x-mock-first-byte-ms': '25',
      'x-mock-tokens-per-sec': '200',
      'x-mock-output-tokens': '64',
      'x-mock-ping-ms': 'soon',
      'x-mock-chunk-tokens': '0',
    });
    expect(knobs).toMatchObject({
      firstByteMs: 25,
      tokensPerSecond: 200,
      outputTokens: 64,
      pingIntervalMs: DEFAULT_TIMING.pingIntervalMs,
      chunkTokens: 1,
    });
    expect(DEFAULT_TIMING.firstByteMs).toBe(0);
  });

  it('derives the delta interval and generation time from the rate', () => {
    const knobs = { ...DEFAULT_TIMING, tokensPerSecond: 100, chunkTokens: 5, firstTokenMs: 30 };
    expect(deltaIntervalMs(knobs)).toBe(50);
    expect(generationMs(knobs, 20)).toBe(230);
    expect(deltaIntervalMs(DEFAULT_TIMING)).toBe(0);
  });
});
