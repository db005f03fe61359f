import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrlFor } from '../src/lib/server/testing/urls';
import { defer } from './cleanup';

export const PG_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One connection to `url` for the length of `use`. */
export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(): Promise<boolean> {
  try {
    await withClient(PG_URL, (c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

/** A new empty database; `drop` removes it (also on Ctrl-C), forcing off any connection still open. */
export async function createBenchDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `gridcall_bench_${randomBytes(6).toString('hex')}`;
  await withClient(PG_URL, (c) => c.query(`create database ${name}`));
  const drop = defer(() => withClient(PG_URL, async (c) => void (await c.query(`drop database if exists ${name} with (force)`))));
  return { url: databaseUrlFor(PG_URL, name), name, drop };
}
