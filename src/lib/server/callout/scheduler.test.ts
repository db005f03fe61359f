import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { demoCity, makeUser } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { advanceCallouts } from './scheduler';

let database: Database;
beforeAll(async () => {
  database = await freshDb();
});
afterAll(() => database.close());

it('starts callouts whose time has come, once, however many processes run the round', async () => {
  const db = database.db;
  const unit = await demoCity(db);
  const poster = await makeUser(db, 'grid_worker', unit('湖滨社区/第一网格'));
  const due = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '已到时间' });
  const later = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '还没开始' });
  await db.updateTable('callout').set({ startsAt: sql`now() - interval '1 minute'`, cancelDeadline: sql`now() - interval '2 hours'` }).where('id', '=', due).execute();
  const rounds = await Promise.all([advanceCallouts(db), advanceCallouts(db), advanceCallouts(db)]);
  expect(rounds.reduce((n, r) => n + r.started, 0)).toBe(1);
  const status = (id: string) => db.selectFrom('callout').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  expect(await status(due)).toEqual({ status: 'in_progress' });
  expect(await status(later)).toEqual({ status: 'open' });
});
