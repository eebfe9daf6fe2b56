// Shared jest configuration. Each project's jest.config.cjs calls this with its own folder.
// The tier (unit | int | e2e) comes from GATEHOUSE_TEST_TIER, set by the nx targets in nx.json:
//   unit -> *.spec.ts that are neither .int nor .e2e (no I/O)
//   int  -> *.int.spec.ts (real Kafka / PostgreSQL / ClickHouse, started by libs/testing)
//   e2e  -> *.e2e.spec.ts (whole stack)
const path = require('node:path');
const { mkdirSync, readFileSync } = require('node:fs');

const TIERS = {
  unit: {
    match: ['**/*.spec.ts'],
    ignore: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
    timeout: 10_000,
  },
  int: { match: ['**/*.int.spec.ts'], ignore: [], timeout: 120_000 },
  e2e: { match: ['**/*.e2e.spec.ts'], ignore: [], timeout: 300_000 },
};

const root = __dirname;
// The nx test targets write a JSON report per project and tier here (summed by tools/dev/test-summary.cjs).
mkdirSync(path.join(root, '.gatehouse/test-results'), { recursive: true });
const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    path.join(root, target),
  ]),
);

module.exports = function createJestConfig(projectDir) {
  const tierName = process.env.GATEHOUSE_TEST_TIER || 'unit';
  const tier = TIERS[tierName];
  if (!tier) throw new Error(`GATEHOUSE_TEST_TIER must be one of ${Object.keys(TIERS).join(', ')}`);
  const hasGlobalSetup = tierName !== 'unit';
  return {
    displayName: `${path.basename(projectDir)}:${tierName}`,
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: tier.match.map((glob) => `<rootDir>/${glob}`),
    testPathIgnorePatterns: ['/node_modules/', ...tier.ignore],
    testTimeout: tier.timeout,
    passWithNoTests: true,
    moduleNameMapper,
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2023',
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    globalSetup: hasGlobalSetup
      ? path.join(root, 'libs/testing/src/jest-global-setup.cjs')
      : undefined,
  };
};
