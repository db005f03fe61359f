import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase, withClient } from './postgres';

export type Kind = 'pglite' | 'postgres';
export const KINDS: readonly Kind[] = ['pglite', 'postgres'];
export const describeKind = (kind: Kind) => (kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)');

/** The database as a seed sees it. */
export interface Sql {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
}

export interface BenchServer extends RunningServer {
  /** On PostgreSQL, for checks that read the database after measuring. */
  databaseUrl?: string;
}

interface Options<S> {
  /** SQL, or a function of the database, run once the demo city is in; what the function returns goes to `use`. */
  seed?: string | ((db: Sql) => Promise<S>);
  /** More server environment, e.g. MAIL_WORKER: '0'. */
  env?: Record<string, string>;
}

const pgSql = (client: pg.Client): Sql => ({
  exec: async (sql) => void (await client.query(sql)),
  rows: async <T>(sql: string) => (await client.query(sql)).rows as T[]
});

async function withPglite<T>(dataDir: string, use: (db: Sql) => Promise<T>): Promise<T> {
  const db = await PGlite.create({ dataDir });
  try {
    return await use({ exec: async (sql) => void (await db.exec(sql)), rows: async <R>(sql: string) => (await db.query<R>(sql)).rows });
  } finally {
    await db.close();
  }
}

/** The error with the server's exit code and last words, which usually say why. */
function withServerLog(err: unknown, server: RunningServer): Error {
  const cause = (err as Error).cause as Error | undefined;
  const log = server.output().trim().split('\n').slice(-5).join('\n');
  return new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
}

/**
 * The built server on a fresh PGlite directory or PostgreSQL database holding the demo city plus what
 * `seed` adds; everything is removed afterwards, also on Ctrl-C. Errors from `use` carry the server's log.
 */
export async function withSeededServer<T, S = void>(kind: Kind, options: Options<S>, use: (server: BenchServer, seeded: S) => Promise<T>): Promise<T> {
  const { seed } = options;
  const runSeed = async (db: Sql): Promise<S> => {
    if (typeof seed === 'function') return seed(db);
    if (seed) await db.exec(seed);
    return undefined as S;
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let server: RunningServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await server?.stop();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    let seeded: S;
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const db = await createBenchDatabase();
      dropDb = db.drop;
      databaseUrl = db.url;
      server = await startServer({ ...options.env, DATABASE_URL: db.url, SEED_DEMO: '1' }, { dataDir });
      seeded = await withClient(db.url, (client) => runSeed(pgSql(client)));
    } else {
      const env = { ...options.env, DATABASE_URL: '', SEED_DEMO: '1' };
      server = await startServer(env, { dataDir });
      if (seed) {
        // The first start migrates and seeds the demo city; PGlite is one process's database, so the
        // directory is seeded while no server holds it.
        await server.stop();
        server = undefined;
        seeded = await withPglite(dataDir, runSeed);
        server = await startServer(env, { dataDir });
      } else {
        seeded = undefined as S;
      }
    }
    try {
      return await use({ ...server, databaseUrl }, seeded);
    } catch (err) {
      throw withServerLog(err, server);
    }
  } finally {
    await cleanup();
  }
}
