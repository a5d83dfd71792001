// Unit tests of the React analytics hub (jsdom). The root jest.config.js lists this
// directory as a project; alone: `npx jest -c web-analytics/jest.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'web-analytics',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testEnvironment: 'jsdom',
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  moduleNameMapper: {
    '\\.css$': '<rootDir>/test/style-stub.js',
    // Vite's import.meta.env does not exist under Jest; tests get the defaults.
    '^(\\.{1,2}/)+config/env$': '<rootDir>/test/test-env.ts',
  },
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
};
