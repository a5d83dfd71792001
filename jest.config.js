// One Jest run covers every workspace: server code against real Postgres and a real
// Temporal dev server (started once in global setup), and the two browser apps.
const serverDirs = ['domain', 'prisma', 'workflows', 'activities', 'workers', 'api', 'launcher', 'cli', 'demo'];

/** @type {import('jest').Config} */
module.exports = {
  // Global, not per project: Jest ignores a project's testTimeout under a root config.
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: serverDirs.map((d) => `<rootDir>/${d}`).concat('<rootDir>/test'),
      testMatch: ['**/test/**/*.test.ts'],
      // Prisma's generated TS client imports its siblings as `./x.js`.
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json' }] },
    },
    // Angular unit tests (jsdom) and the browser e2e, each with its own jest.config.js.
    '<rootDir>/web-responder',
    '<rootDir>/web-responder/e2e',
    '<rootDir>/web-analytics',
    '<rootDir>/web-analytics/e2e',
  ],
};
