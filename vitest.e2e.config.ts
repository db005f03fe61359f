import { defineConfig } from 'vitest/config';

/**
 * Browser tests: the built server (never built here) driven through Debian's Chromium.
 * One server and one browser per spec file; files run one after another, as two cores cannot
 * carry two servers, two Chromiums and argon2 logins at once without timing out.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.spec.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    environment: 'node'
  }
});
