import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileWorkspace } from './compile-workspace';

// A miniature workspace on disk: an app that imports a library through a tsconfig alias, a
// NestJS-style decorated class, a JSON seed and a SQL file next to the code, and a spec file.
const FILES: Record<string, string> = {
  'tsconfig.base.json': JSON.stringify({
    compilerOptions: { paths: { '@mini/greeting': ['libs/greeting/src/index.ts'] } },
  }),
  'libs/greeting/src/index.ts': 'export const greet = (name: string): string => `hello ${name}`;\n',
  'apps/app/src/main.ts': [
    "import { greet } from '@mini/greeting';",
    "import seed from './seed.json';",
    "import { readFileSync } from 'node:fs';",
    "import { join } from 'node:path';",
    'const Injectable = (): ClassDecorator => () => undefined;',
    'class Dependency {}',
    '@Injectable()',
    'export class Service { constructor(readonly dependency: Dependency) {} }',
    "const sql = readFileSync(join(__dirname, 'schema.sql'), 'utf8').trim();",
    'console.log(JSON.stringify({ greeting: greet(seed.name), sql, service: Service.name }));',
    '',
  ].join('\n'),
  'apps/app/src/seed.json': '{ "name": "gatehouse" }\n',
  'apps/app/src/schema.sql': 'SELECT 1\n',
  'apps/app/src/main.spec.ts': "it('is not compiled', () => undefined);\n",
};

describe('compileWorkspace', () => {
  let root: string;
  const out = (path: string): string => join(root, 'dist', path);
  const write = (path: string, content: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  /** Marks a source as edited after its output was written (mtime resolution can be coarse). */
  const touchLater = (path: string): void => {
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, path), later, later);
  };
  const compile = () => compileWorkspace({ root, outDir: 'dist' });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gatehouse-build-'));
    for (const [path, content] of Object.entries(FILES)) write(path, content);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('compiles a tree that plain node runs: aliases rewritten, assets copied, specs left out', async () => {
    const result = await compile();

    expect(result).toEqual({ compiled: 2, copied: 2, removed: 0, upToDate: 0 });
    const printed = execFileSync(process.execPath, [out('apps/app/src/main.js')], {
      encoding: 'utf8',
    });
    expect(JSON.parse(printed)).toEqual({
      greeting: 'hello gatehouse',
      sql: 'SELECT 1',
      service: 'Service',
    });
    expect(existsSync(out('apps/app/src/main.spec.js'))).toBe(false);
    expect(readFileSync(out('apps/app/src/main.js'), 'utf8')).toContain('design:paramtypes');
    expect(readFileSync(out('apps/app/src/main.js'), 'utf8')).toMatch(
      /sourceMappingURL=main\.js\.map\n$/,
    );
    expect(existsSync(out('apps/app/src/main.js.map'))).toBe(true);
  });

  it('rebuilds only what changed and removes outputs whose source is gone', async () => {
    await compile();
    expect(await compile()).toEqual({ compiled: 0, copied: 0, removed: 0, upToDate: 4 });

    write(
      'libs/greeting/src/index.ts',
      'export const greet = (name: string): string => `hi ${name}`;\n',
    );
    touchLater('libs/greeting/src/index.ts');
    rmSync(join(root, 'apps/app/src/schema.sql'));
    expect(await compile()).toEqual({ compiled: 1, copied: 0, removed: 1, upToDate: 2 });
    expect(readFileSync(out('libs/greeting/src/index.js'), 'utf8')).toContain('hi ');
    expect(existsSync(out('apps/app/src/schema.sql'))).toBe(false);
  });

  it('rebuilds everything when the aliases change', async () => {
    await compile();
    write(
      'libs/salute/src/index.ts',
      'export const greet = (name: string): string => `salut ${name}`;\n',
    );
    write(
      'tsconfig.base.json',
      JSON.stringify({
        compilerOptions: { paths: { '@mini/greeting': ['libs/salute/src/index.ts'] } },
      }),
    );

    expect(await compile()).toMatchObject({ compiled: 3, copied: 2, upToDate: 0 });
    const printed = execFileSync(process.execPath, [out('apps/app/src/main.js')], {
      encoding: 'utf8',
    });
    expect(JSON.parse(printed)).toMatchObject({ greeting: 'salut gatehouse' });
  });
});
