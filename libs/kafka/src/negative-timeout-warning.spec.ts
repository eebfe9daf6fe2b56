import { muteNegativeTimeoutWarning } from './negative-timeout-warning';

describe('muteNegativeTimeoutWarning', () => {
  it('drops TimeoutNegativeWarning and lets every other warning through', () => {
    const emitted: unknown[][] = [];
    const target = {
      emitWarning: (...args: unknown[]) => void emitted.push(args),
    } as unknown as Pick<NodeJS.Process, 'emitWarning'>;

    muteNegativeTimeoutWarning(target);
    muteNegativeTimeoutWarning(target);
    target.emitWarning('-5 is a negative number.', 'TimeoutNegativeWarning');
    target.emitWarning('-5 is a negative number.', { type: 'TimeoutNegativeWarning' });
    target.emitWarning('something else', 'GatehouseTestWarning');

    expect(emitted).toEqual([['something else', 'GatehouseTestWarning']]);
  });
});
