// Lint: typescript-eslint with type information for the server code, plus determinism
// rules for workflows/ (they are replayed, so no I/O, clocks or randomness of their own).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'dns',
  'worker_threads',
  'process',
  'timers',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/generated/**',
      '.data/**',
      '.tools/**',
      '**/.angular/**',
      'coverage/**',
      'test-results/**',
      'web-responder/**',
      'web-analytics/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...NODE_BUILTINS.flatMap((m) => [m, `node:${m}`]).map((name) => ({
              name,
              message: 'workflows must be deterministic: do I/O in an activity',
            })),
            { name: 'pg', message: 'no database access in workflows' },
            { name: '@hro/db', message: 'no database access in workflows' },
            { name: '@prisma/client', message: 'no database access in workflows' },
            { name: '@temporalio/client', message: 'use @temporalio/workflow APIs inside workflows' },
            { name: '@temporalio/worker', message: 'use @temporalio/workflow APIs inside workflows' },
          ],
          patterns: [
            {
              group: ['@hro/activities', '**/activities/src/**'],
              allowTypeImports: true,
              message: 'import activities as types only; call them through proxyActivities',
            },
            { group: ['axios', 'undici', 'node-fetch', 'socket.io*'], message: 'no network I/O in workflows' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'no network I/O in workflows' },
        { name: 'setInterval', message: 'use workflow timers (sleep/condition)' },
        { name: 'process', message: 'workflows do not read the environment' },
      ],
    },
  },
);
