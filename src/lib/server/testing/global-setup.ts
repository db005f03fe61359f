import { randomUUID } from 'node:crypto';
import { writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectPglite, connectPostgres } from '../db/connect';
import { migrate } from '../db/migrate';
import { databaseUrlFor } from './urls';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
    pgRun: string;
  }
}

/**
 * Migrates once per run: into a PostgreSQL template database when DATABASE_URL is set (each test
 * file then clones it), else into a PGlite data directory dumped to a file (each file loads it).
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const run = randomUUID().slice(0, 8);
    const template = `gridcall_tpl_${run}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const database = await connectPostgres(databaseUrlFor(url, template), 1);
    await migrate(database);
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('pgRun', run);
    project.provide('pgliteDump', '');
    return async () => {
      // Only this run's databases: another run may be using the same server at the same time.
      const leftovers = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname = $2`, [`gridcall_t_${run}_%`, template]);
      for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
    };
  }
  const database = await connectPglite();
  await migrate(database);
  const dump = join(tmpdir(), `gridcall-pglite-${randomUUID().slice(0, 8)}.tar`);
  await writeFile(dump, Buffer.from(await (await database.dump!()).arrayBuffer()));
  await database.close();
  project.provide('pgliteDump', dump);
  project.provide('pgTemplate', '');
  project.provide('pgRun', '');
  return () => rm(dump, { force: true });
}
