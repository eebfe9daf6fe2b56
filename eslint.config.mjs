// Lint rules for the whole workspace. Module boundaries are enforced on two axes:
//   scope:<service>|shared  — which service a project belongs to
//   type:app|domain|infra|util|testing — what it may depend on
// Domain libraries must stay free of infrastructure packages so they test without a network.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const INFRA_PACKAGES = [
  'kafkajs',
  '@clickhouse/client',
  'typeorm',
  'pg',
  'undici',
  'fastify',
  '@nestjs/*',
];

// Which kind of project may import which kind. `forTests` adds the testing library, which only
// *.spec.ts files may import.
const depConstraints = (forTests) => {
  const testing = forTests ? ['type:testing'] : [];
  return [
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util', ...testing],
    },
    {
      sourceTag: 'type:infra',
      onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util', ...testing],
    },
    {
      sourceTag: 'type:domain',
      onlyDependOnLibsWithTags: ['type:domain', 'type:util', ...testing],
      bannedExternalImports: forTests ? [] : INFRA_PACKAGES,
    },
    {
      sourceTag: 'type:util',
      onlyDependOnLibsWithTags: ['type:util', ...testing],
      bannedExternalImports: forTests ? [] : INFRA_PACKAGES,
    },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util', ...testing],
    },
    // Developer tooling (start scripts, benchmarks, docs generators) may use any library.
    {
      sourceTag: 'type:tool',
      onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util', 'type:testing'],
    },
    // Services never import each other; they only share `scope:shared` libraries.
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:proxy', onlyDependOnLibsWithTags: ['scope:proxy', 'scope:shared'] },
    { sourceTag: 'scope:auth', onlyDependOnLibsWithTags: ['scope:auth', 'scope:shared'] },
    { sourceTag: 'scope:budget', onlyDependOnLibsWithTags: ['scope:budget', 'scope:shared'] },
    { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared'] },
    { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:cli', 'scope:shared'] },
    { sourceTag: 'scope:tooling', onlyDependOnLibsWithTags: ['scope:shared'] },
  ];
};

const boundaries = (forTests) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    banTransitiveDependencies: true,
    allow: [],
    depConstraints: depConstraints(forTests),
  },
];

export default [
  { ignores: ['**/node_modules', '**/dist', '.nx', '.gatehouse', 'docs', '**/*.cjs', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@gatehouse/*/*'],
              message: 'Import a library only through its entry point.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(true),
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'it', property: 'only', message: 'Do not commit focused tests.' },
        { object: 'test', property: 'only', message: 'Do not commit focused tests.' },
      ],
    },
  },
  prettier,
];
