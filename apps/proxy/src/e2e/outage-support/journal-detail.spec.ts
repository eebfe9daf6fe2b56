import { journalDetailFromReadyz } from './journal-detail';

describe('journalDetailFromReadyz', () => {
  it('reads the usage-journal check of a /readyz body', () => {
    const body = {
      status: 'ready',
      checks: [
        { name: 'jwks', ok: true },
        {
          name: 'usage-journal',
          ok: true,
          detail: 'usage journal: mode journal, 4096 bytes pending, 3 in memory, 0 dropped',
        },
      ],
    };
    expect(journalDetailFromReadyz(body)).toEqual({
      mode: 'journal',
      pendingBytes: 4096,
      memoryRecords: 3,
      dropped: 0,
    });
  });

  it('returns undefined without the check or with an unrecognised detail', () => {
    expect(journalDetailFromReadyz({ checks: [] })).toBeUndefined();
    expect(
      journalDetailFromReadyz({ checks: [{ name: 'usage-journal', detail: 'something else' }] }),
    ).toBeUndefined();
    expect(journalDetailFromReadyz(null)).toBeUndefined();
  });
});
