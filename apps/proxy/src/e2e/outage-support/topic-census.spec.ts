import { requestIdOf, usageCensus } from './topic-census';

const event = (requestId: string, outputTokens = 5): string =>
  JSON.stringify({ requestId, usage: { outputTokens } });

describe('usageCensus', () => {
  it('counts distinct request ids and byte-identical replays as duplicates', () => {
    const census = usageCensus([event('a'), event('b'), event('a'), event('c'), event('a')]);
    expect(census).toEqual({ messages: 5, distinct: 3, duplicates: 2, conflicting: [] });
  });

  it('flags a request id that appears with two different bodies', () => {
    expect(usageCensus([event('a', 5), event('a', 6)]).conflicting).toEqual(['a']);
  });

  it('names values that carry no request id instead of dropping them', () => {
    expect(requestIdOf(null)).toBe('(null value)');
    expect(requestIdOf('{"x":1}')).toMatch(/^\(no requestId\)/);
    expect(requestIdOf('oops')).toMatch(/^\(not JSON\)/);
  });
});
