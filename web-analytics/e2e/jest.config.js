// Browser end-to-end test of the built analytics hub served by the real API. Listed as a
// project by the root config; alone: `npx jest -c web-analytics/e2e/jest.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'web-analytics-e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  // Prisma's generated TS client imports its siblings as `./x.js`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 300_000,
};
