import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the built server (never built here) driven through Debian's Chromium.
 * One server and one browser per spec file, two files at a time: a spec spends much of its time
 * waiting (for the server, for mail, for the counseling session to start), so on two cores two
 * at once take 450 s where one at a time took 730 s; three at once were no faster.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    environment: 'node'
  }
});
