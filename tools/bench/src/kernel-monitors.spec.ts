import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuListIncludes, damonNotes } from './kernel-monitors';

describe('cpuListIncludes', () => {
  it.each([
    ['0-1', 0, true],
    ['0-1', 1, true],
    ['1', 0, false],
    ['1,3-5', 4, true],
    ['1,3-5', 2, false],
  ])('%s names CPU %i: %s', (list, cpu, expected) => {
    expect(cpuListIncludes(list, cpu)).toBe(expected);
  });
});

describe('damonNotes', () => {
  let root: string;
  const roots = () => ({ kdamonds: join(root, 'kdamonds'), proc: join(root, 'proc') });

  function kdamond(index: number, state: string, pid: number, cpus: string): void {
    const dir = join(root, 'kdamonds', String(index));
    mkdirSync(join(dir, 'contexts/0/monitoring_attrs/intervals'), { recursive: true });
    writeFileSync(join(dir, 'state'), `${state}\n`);
    writeFileSync(join(dir, 'pid'), `${pid}\n`);
    writeFileSync(join(dir, 'contexts/0/monitoring_attrs/intervals/sample_us'), '500000\n');
    mkdirSync(join(root, 'proc', String(pid)), { recursive: true });
    writeFileSync(
      join(root, 'proc', String(pid), 'status'),
      `Name:\tkdamond.${index}\nCpus_allowed_list:\t${cpus}\n`,
    );
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bench-damon-'));
    mkdirSync(join(root, 'kdamonds'));
    writeFileSync(join(root, 'kdamonds', 'nr_kdamonds'), '0\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names a running monitor that may use the proxy core', () => {
    kdamond(0, 'on', 77, '0-1');
    const notes = damonNotes(0, roots());
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('kdamond pid 77, sampling every 500 ms, allowed on CPUs 0-1');
  });

  it('says nothing of a stopped monitor or one kept off the proxy core', () => {
    kdamond(0, 'off', 77, '0-1');
    kdamond(1, 'on', 78, '1');
    expect(damonNotes(0, roots())).toEqual([]);
  });

  it('says nothing where the kernel has no DAMON', () => {
    expect(damonNotes(0, { kdamonds: join(root, 'missing'), proc: join(root, 'proc') })).toEqual(
      [],
    );
  });
});
