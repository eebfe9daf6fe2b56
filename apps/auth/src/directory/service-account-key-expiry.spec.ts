import { ServiceAccountKeyExpiry } from './service-account-key-expiry';

describe('ServiceAccountKeyExpiry', () => {
  const silent = { info: jest.fn(), warn: jest.fn() };

  it('given due keys, when it runs, then it revokes them through the directory and reports the ids', async () => {
    const expireDue = jest.fn().mockResolvedValue(['sak_old']);
    const expiry = new ServiceAccountKeyExpiry({ expireDue }, silent);

    await expect(expiry.runOnce()).resolves.toEqual(['sak_old']);
    expect(silent.info).toHaveBeenCalledWith(
      { keyIds: ['sak_old'] },
      'expired service-account keys revoked',
    );
  });

  it('given the database fails, when it runs, then it logs and keeps the timer alive', async () => {
    const expiry = new ServiceAccountKeyExpiry(
      { expireDue: jest.fn().mockRejectedValue(new Error('connection reset')) },
      silent,
    );

    await expect(expiry.runOnce()).resolves.toEqual([]);
    expect(silent.warn).toHaveBeenCalledWith(
      { err: 'connection reset' },
      'service-account key expiry failed; will retry',
    );
  });

  it('runs on its interval once started and not after stop', async () => {
    jest.useFakeTimers();
    try {
      const expireDue = jest.fn().mockResolvedValue([]);
      const expiry = new ServiceAccountKeyExpiry({ expireDue }, silent, 1_000);
      expiry.start();
      await jest.advanceTimersByTimeAsync(2_500);
      expiry.stop();
      await jest.advanceTimersByTimeAsync(5_000);
      expect(expireDue).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
