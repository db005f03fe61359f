import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    include: ['src/**/*.test.ts', 'tests/server/**/*.test.ts'],
    globalSetup: ['src/lib/server/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on two cores is one file at a time; each file has its own database, and most
    // of a file's time is spent waiting on the database or a server process, so two run at once.
    maxWorkers: 2,
    environment: 'node'
  }
});
