import { MockUpstreamError } from './errors';
import { FaultInjector, parseFaultSpec } from './faults';

describe('parseFaultSpec', () => {
  it.each([
    ['429', { kind: 'rate-limit', arg: 1 }],
    ['429:30', { kind: 'rate-limit', arg: 30 }],
    ['529', { kind: 'overloaded', arg: 0 }],
    ['500', { kind: 'api-error', arg: 0 }],
    ['400', { kind: 'prompt-too-long', arg: 0 }],
    ['413', { kind: 'request-too-large', arg: 0 }],
    ['reset-mid-stream', { kind: 'reset-mid-stream', arg: 2 }],
    ['reset-mid-stream:5', { kind: 'reset-mid-stream', arg: 5 }],
    ['error-mid-stream:3', { kind: 'error-mid-stream', arg: 3 }],
    ['slow-first-byte:150', { kind: 'slow-first-byte', arg: 150 }],
    ['hang', { kind: 'hang', arg: 0 }],
  ])('parses %s', (text, fault) => {
    expect(parseFaultSpec(text)).toEqual({ fault });
  });

  it('parses a then-ok suffix', () => {
    expect(parseFaultSpec('500-then-ok:2')).toEqual({
      fault: { kind: 'api-error', arg: 0 },
      failFirst: 2,
    });
    expect(parseFaultSpec('reset-mid-stream:4-then-ok:1')).toEqual({
      fault: { kind: 'reset-mid-stream', arg: 4 },
      failFirst: 1,
    });
  });

  it.each(['418', '429:x', 'hang:1:2', 'then-ok:2', ''])('rejects %j', (text) => {
    expect(() => parseFaultSpec(text)).toThrow(MockUpstreamError);
  });
});

describe('FaultInjector', () => {
  it('fails the first K requests per route and key, then lets them through', () => {
    const injector = new FaultInjector({ globalRate: 1, random: () => 0 });
    const decide = (key: string, route = 'anthropic.messages') =>
      injector.decide({ route, headerSpec: '500-then-ok:2', key })?.kind;
    expect([decide('a'), decide('a'), decide('a')]).toEqual(['api-error', 'api-error', undefined]);
    expect(decide('b')).toBe('api-error');
    expect(decide('a', 'bedrock.invoke')).toBe('api-error');
    injector.reset();
    expect(decide('a')).toBe('api-error');
  });

  it('applies the global fault with its probability', () => {
    const draws = [0.1, 0.9];
    const injector = new FaultInjector({
      globalSpec: parseFaultSpec('529'),
      globalRate: 0.5,
      random: () => draws.shift() ?? 1,
    });
    const decide = () =>
      injector.decide({ route: 'r', headerSpec: undefined, key: undefined })?.kind;
    expect([decide(), decide()]).toEqual(['overloaded', undefined]);
  });

  it('lets the header win over the global fault', () => {
    const injector = new FaultInjector({
      globalSpec: parseFaultSpec('529'),
      globalRate: 1,
      random: () => 0,
    });
    expect(injector.decide({ route: 'r', headerSpec: 'hang', key: undefined })?.kind).toBe('hang');
  });
});
