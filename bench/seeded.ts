import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';

/**
 * The built server on a fresh PGlite directory or PostgreSQL database holding the demo city plus
 * what `seedSql` adds; PGlite is seeded while no server holds its directory (one process's database).
 */
export async function withSeededServer<T>(kind: 'pglite' | 'postgres', seedSql: string, use: (server: RunningServer) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let server: RunningServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await server?.stop();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    if (kind === 'postgres') {
      const db = await createBenchDatabase();
      dropDb = db.drop;
      server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: '1', MAIL_WORKER: '0' }, { dataDir });
      const client = new pg.Client({ connectionString: db.url, connectionTimeoutMillis: 3000 });
      await client.connect();
      try {
        await client.query(seedSql);
      } finally {
        await client.end();
      }
    } else {
      server = await startServer({ SEED_DEMO: '1', MAIL_WORKER: '0' }, { dataDir });
      await server.stop();
      server = undefined;
      const db = await PGlite.create({ dataDir });
      try {
        await db.exec(seedSql);
      } finally {
        await db.close();
      }
      server = await startServer({ SEED_DEMO: '1', MAIL_WORKER: '0' }, { dataDir });
    }
    return await use(server);
  } finally {
    await cleanup();
  }
}
