import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, removeDataDir, startServer } from '../../support/server';
import { CHROMIUM, SERVER_ENV } from './env';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An embedded-database directory, migrated and seeded with the demo city; copied, never used. */
    e2eSeededDataDir: string;
  }
}

/**
 * Checks what the suite needs but does not make, then migrates and seeds one database that every
 * spec file copies: starting on a copy takes a third of the time of a first start.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'build/index.js'))) {
    throw new Error('Browser tests need the built app, and build/index.js is missing. Run `npx vite build` (or `npm test`, which builds) first; `npm run test:e2e` does not build.');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium fonts-noto-cjk`);
  }
  const server = await startServer(SERVER_ENV);
  await server.stop();
  project.provide('e2eSeededDataDir', server.dataDir);
  return () => removeDataDir(server.dataDir);
}
