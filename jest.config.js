/**
 * Every test runs against real PostgreSQL: test/global-setup.ts starts a throwaway embedded
 * cluster (or uses TEST_DATABASE_URL) and migrates it once; each test file works in its own
 * tenant(s), so files can run in parallel on one database.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/stress/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // Every SQL statement the service sends must be routable to one tenant's shard (Citus readiness).
  setupFilesAfterEnv: ['<rootDir>/test/support/statement-capture.ts'],
  testTimeout: 60_000,
  maxWorkers: 2,
};
