import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseErrorCode } from '../clickhouse-error';
import { readMigrations, splitStatements } from './migration-files';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ch-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('splitStatements', () => {
  it('splits on a semicolon at the end of a line and drops comment lines', () => {
    const text = `-- requests table\nCREATE TABLE a (x String) ENGINE = Memory;\n\nCREATE TABLE b (y String)\n  ENGINE = Memory;\n`;
    expect(splitStatements(text)).toEqual([
      'CREATE TABLE a (x String) ENGINE = Memory',
      'CREATE TABLE b (y String)\n  ENGINE = Memory',
    ]);
  });

  it('keeps a semicolon inside a line', () => {
    expect(splitStatements("SELECT 'a;b'")).toEqual(["SELECT 'a;b'"]);
  });
});

describe('readMigrations', () => {
  it('orders files by version and ignores non-sql files', () => {
    const dir = folderWith({
      '0002_rollups.sql': 'SELECT 2;',
      '0001_requests.sql': 'SELECT 1;',
      'README.md': 'notes',
    });
    expect(readMigrations(dir).map((m) => `${m.version}:${m.name}`)).toEqual([
      '1:requests',
      '2:rollups',
    ]);
  });

  it('rejects a badly named file', () => {
    const dir = folderWith({ 'requests.sql': 'SELECT 1;' });
    expect(() => readMigrations(dir)).toThrow(
      expect.objectContaining({ code: ClickHouseErrorCode.MIGRATION_INVALID }),
    );
  });

  it('rejects two files with the same version', () => {
    const dir = folderWith({ '0001_a.sql': 'SELECT 1;', '0001_b.sql': 'SELECT 1;' });
    expect(() => readMigrations(dir)).toThrow(/share version 1/);
  });
});
