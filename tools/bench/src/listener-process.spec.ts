import { DEFAULT_LISTEN_BACKLOG } from '@gatehouse/service-kit';
import { PASS_THROUGH_BACKLOG } from './listener-process';

describe('PASS_THROUGH_BACKLOG', () => {
  it('is the gateway’s default accept queue, so bursts meet the same queue in every proxy', () => {
    expect(PASS_THROUGH_BACKLOG).toBe(DEFAULT_LISTEN_BACKLOG);
  });
});
