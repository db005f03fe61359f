import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { connectPglite, connectPostgres, type Database } from '../db/connect';
import { databaseUrlFor } from './urls';

/**
 * A migrated database of the test file's own: a PGlite loaded from the run's migrated dump, or a
 * fresh PostgreSQL database cloned from the run's template when DATABASE_URL is set.
 */
export async function freshDb(): Promise<Database & { url?: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `gridcall_t_${inject('pgRun')}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
          break;
        } catch (err) {
          // Two files cloning the template at the same moment: PostgreSQL lets one at a time.
          if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await admin.end();
    }
    const database = await connectPostgres(databaseUrlFor(url, name), 20);
    return {
      ...database,
      url: databaseUrlFor(url, name),
      close: async () => {
        await database.close();
        const dropper = new pg.Client({ connectionString: url });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      }
    };
  }
  const dump = await readFile(inject('pgliteDump'));
  return connectPglite(undefined, new Blob([dump]));
}
