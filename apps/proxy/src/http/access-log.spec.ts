import { createLogger } from '@gatehouse/observability';
import { hostname } from 'node:os';
import { accessLineFormat, writesAccessLines, type AccessLine } from './access-log';

/** What the service logger writes for an access line, time taken out. */
function pinoLine(line: AccessLine): string {
  const written: string[] = [];
  const logger = createLogger({
    service: 'proxy',
    level: 'info',
    destination: { write: (chunk: string) => written.push(chunk) },
  });
  logger.child({ component: 'access' }, { redact: { paths: [] } }).info(line, 'proxied');
  return withoutTime(written.join(''));
}

const withoutTime = (text: string): string => text.replace(/"time":"[^"]*"/, '"time":"T"');

const format = accessLineFormat({ service: 'proxy', pid: process.pid, host: hostname() });

const served: AccessLine = {
  requestId: '21958369-d6e6-4db4-8ea4-f0324742ee68',
  op: 'messages',
  user: 'usr_bench',
  upstream: 'anthropic-primary',
  status: 200,
  ms: 119,
  aborted: undefined,
};

describe('accessLineFormat', () => {
  it.each<[string, AccessLine]>([
    ['a served request', served],
    ['a request that never reached an upstream', { ...served, upstream: undefined, status: 401 }],
    ['a stream the client left', { ...served, status: 499, ms: 30_412, aborted: true }],
    ['ids that need escaping', { ...served, user: 'usr_"quoted"\\', upstream: 'eu\u2028west' }],
  ])('writes exactly the service logger line for %s', (_name, line) => {
    expect(withoutTime(format(line, Date.now()))).toBe(pinoLine(line));
  });

  it('stamps the given time as ISO 8601 and ends the line', () => {
    const text = format(served, Date.parse('2026-11-25T11:10:10.032Z'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ time: '2026-11-25T11:10:10.032Z', level: 'info' });
  });
});

describe('writesAccessLines', () => {
  it('follows LOG_LEVEL like the service logger: info and below write, warn and above do not', () => {
    expect(['trace', 'debug', 'info'].map(writesAccessLines)).toEqual([true, true, true]);
    expect(['warn', 'error', 'fatal', 'silent'].map(writesAccessLines)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
