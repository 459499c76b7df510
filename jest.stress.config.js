/**
 * `npm run test:stress`: the slow fault and soak tests (test/stress/), kept out of `npm test`.
 * They build the service (global setup), run it as a separate process and start their own
 * PostgreSQL, so they need no shared database.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/stress'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/stress/global-setup.ts',
  setupFiles: ['reflect-metadata'],
  testTimeout: 900_000,
  maxWorkers: 1,
};
