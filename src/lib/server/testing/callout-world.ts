import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from './db';
import { demoCity, makeUser, type UnitRef } from './factories';

/**
 * The setting most callout tests share: a database of the file's own with the demo city, and the
 * grid worker of 湖滨社区第一网格. Register it at the top of the file; it is ready inside tests.
 */
export function useCalloutWorld() {
  let database: Database;
  let unit: (name: string) => UnitRef;
  let gridWorker: Actor;
  beforeAll(async () => {
    database = await freshDb();
    unit = await demoCity(database.db);
    gridWorker = await makeUser(database.db, 'grid_worker', unit('湖滨社区/第一网格'));
  });
  afterAll(() => database.close());
  return { db: () => database.db, unit: (name: string) => unit(name), gridWorker: () => gridWorker };
}
