import { parseCpuTicks, parseVmRssBytes } from './proc-status';

describe('parseVmRssBytes', () => {
  it('reads VmRSS in kB as bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1200000 kB\nVmRSS:\t  158452 kB\nRssAnon:\t 90000 kB\n';
    expect(parseVmRssBytes(status)).toBe(158452 * 1024);
  });

  it('is undefined for a process without memory (a zombie has no VmRSS line)', () => {
    expect(parseVmRssBytes('Name:\tnode\nState:\tZ (zombie)\n')).toBeUndefined();
  });
});

describe('parseCpuTicks', () => {
  it('adds utime and stime, counting fields after the command name', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 9000 0 0 0 731 269 0 0 20 0 11 0 500 0 0';
    expect(parseCpuTicks(stat)).toBe(1000);
  });

  it('is not fooled by spaces and parentheses in the command name', () => {
    const stat = '7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 9 0 0';
    expect(parseCpuTicks(stat)).toBe(11);
  });

  it('is undefined for truncated text', () => {
    expect(parseCpuTicks('7 (node) R 1')).toBeUndefined();
  });
});
