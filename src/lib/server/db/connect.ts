import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import type { DB } from './types';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script in one transaction (migrations). */
  runScript(sql: string): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, to start other instances from. */
  dump?(): Promise<Blob>;
}

const INT8 = 20;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/** bigint columns (money in fen, counts) come back as numbers; beyond 2^53 would be a bug, so refuse it. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond safe integer range`);
  return n;
}
const keepDateText = (value: string) => value;

/**
 * Instants are read by node-postgres's parser on both databases. PGlite's own is `new Date(text)`,
 * which cannot read an offset with seconds: before 1901 Asia/Shanghai is local mean time, so
 * PostgreSQL prints 1900-01-01T00:00Z as '1900-01-01 08:05:43+08:05:43' and PGlite made an Invalid
 * Date of it. ±infinity (no column should hold it) becomes an Invalid Date too, never a number.
 */
const pgReadTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ);
const pgReadTimestamp = pg.types.getTypeParser(TIMESTAMP);
const asDate = (value: unknown) => (value instanceof Date ? value : new Date(NaN));
const readTimestamptz = (text: string) => asDate(pgReadTimestamptz(text));
const readTimestamp = (text: string) => asDate(pgReadTimestamp(text));

pg.types.setTypeParser(INT8, parseInt8);
pg.types.setTypeParser(DATE, keepDateText);
pg.types.setTypeParser(TIMESTAMPTZ, readTimestamptz);
pg.types.setTypeParser(TIMESTAMP, readTimestamp);

/** Shown times are Asia/Shanghai; SQL date arithmetic (month starts, ISO weeks) uses the same zone. */
const SESSION_TIME_ZONE = 'Asia/Shanghai';

export async function connectPostgres(url: string, max = 10): Promise<Database> {
  // At least 2: migrate holds one connection for its advisory lock while running scripts on another.
  const pool = new pg.Pool({ connectionString: url, max: Math.max(2, max), options: `-c TimeZone=${SESSION_TIME_ZONE}` });
  // A dropped connection (PostgreSQL restarting) must not crash the process; the pool reconnects.
  pool.on('error', (err) => console.error('[db] idle client error:', err.message));
  // pg-pool listens only on idle clients: a client checked out between two statements (in a
  // transaction, say) that loses its connection would emit an 'error' nobody hears and kill the
  // process. Its statement fails instead, and the pool drops it on release (tests/server/faults.test.ts).
  pool.on('connect', (client) => client.on('error', (err) => console.error('[db] connection lost:', err.message)));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return {
    db,
    kind: 'postgres',
    runScript: async (script) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(script);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => db.destroy()
  };
}

/** dataDir undefined → in memory (tests); loadDataDir → start from a dumped, already-migrated database. */
export async function connectPglite(dataDir?: string, loadDataDir?: Blob): Promise<Database> {
  const pglite = await PGlite.create({
    dataDir,
    loadDataDir,
    parsers: {
      [pgliteTypes.INT8]: parseInt8,
      [pgliteTypes.DATE]: keepDateText,
      [pgliteTypes.TIMESTAMPTZ]: readTimestamptz,
      [pgliteTypes.TIMESTAMP]: readTimestamp
    }
  });
  await pglite.exec(`set time zone '${SESSION_TIME_ZONE}'`);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins: [new CamelCasePlugin()] });
  return {
    db,
    kind: 'pglite',
    runScript: async (script) => {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    close: () => db.destroy(),
    dump: () => pglite.dumpDataDir('none')
  };
}

export function connectFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  if (env.DATABASE_URL) return connectPostgres(env.DATABASE_URL, Number(env.DATABASE_POOL_SIZE ?? 10));
  return connectPglite(env.PGLITE_DIR ?? './data');
}
