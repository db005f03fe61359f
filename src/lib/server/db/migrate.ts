import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './connect';

export const MIGRATIONS_DIR = resolve(process.env.MIGRATIONS_DIR ?? 'migrations');

/**
 * Applies migrations/NNNN_name.sql in order, each in its own transaction, once.
 * An advisory lock keeps two processes starting together from applying the same file twice.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await database.db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(4711001)`.execute(conn);
    try {
      // Under the lock too: two processes creating it at once on an empty database collide in the
      // catalog even with "if not exists" (tests/server/two-processes.test.ts).
      await sql`create table if not exists schema_migration (name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = await sql<{ name: string }>`select name from schema_migration`.execute(conn);
      const seen = new Set(done.rows.map((r) => r.name));
      for (const file of files) {
        if (seen.has(file)) continue;
        const body = await readFile(join(dir, file), 'utf8');
        await database.runScript(
          `${body}\n;insert into schema_migration (name) values ('${file.replace(/'/g, "''")}');`
        );
        applied.push(file);
      }
    } finally {
      await sql`select pg_advisory_unlock(4711001)`.execute(conn);
    }
  });
  return applied;
}
