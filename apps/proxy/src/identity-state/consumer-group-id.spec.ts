import { currentProcess, identityStateGroupId } from './consumer-group-id';

describe('identityStateGroupId', () => {
  it('names host, pid and a nonce, with unsafe host characters replaced', () => {
    expect(identityStateGroupId({ host: 'proxy 7/eu', pid: 42, nonce: 'ab12' })).toBe('gatehouse-proxy-state-proxy-7-eu-42-ab12');
  });

  it('gives two processes on one host different groups', () => {
    expect(identityStateGroupId(currentProcess())).not.toBe(identityStateGroupId(currentProcess()));
  });
});
