// Browser end-to-end test of the built command center against the real stack (API,
// workers, Temporal, Postgres, demo target). Listed as a project by the root config.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'web-responder-e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
