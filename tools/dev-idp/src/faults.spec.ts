import { NO_FAULTS, mergeFaults } from './faults';

describe('fault updates', () => {
  it('changes only the knobs given', () => {
    const dropped = mergeFaults(NO_FAULTS, { dropGroupsClaim: true });
    expect(dropped).toEqual({ dropGroupsClaim: true, disabledUsers: [] });
    expect(mergeFaults(dropped, { disabledUsers: ['Bob@Example.com'] })).toEqual({
      dropGroupsClaim: true,
      disabledUsers: ['bob@example.com'],
    });
  });

  it('rejects unknown knobs and bad values', () => {
    expect(() => mergeFaults(NO_FAULTS, { dropGroups: true })).toThrow();
    expect(() => mergeFaults(NO_FAULTS, { disabledUsers: ['not-an-email'] })).toThrow();
  });
});
