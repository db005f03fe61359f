import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect';
import { freshDb } from '../../testing/db';
import { demoCity, makeUser } from '../../testing/factories';
import { openCallout } from '../../testing/callouts';
import { responseTimes } from './dashboard';

let database: Database;
beforeAll(async () => {
  database = await freshDb();
});
afterAll(() => database.close());

it('reports response times per grid and street against the 24 h / 2 h targets, only in scope', async () => {
  const db = database.db;
  const unit = await demoCity(db);
  const poster = await makeUser(db, 'grid_worker', unit('湖滨社区/第一网格'));
  const urgentOnTime = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '紧急一', urgency: 'urgent' });
  const urgentLate = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '紧急二', urgency: 'urgent' });
  await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '没人报名' });
  const stamp = (id: string, first: string, full: string) =>
    db.updateTable('callout').set({
      publishedAt: sql`now() - interval '10 hours'`,
      firstSignupAt: sql`now() - interval '10 hours' + ${first}::interval`,
      fullyStaffedAt: sql`now() - interval '10 hours' + ${full}::interval`
    }).where('id', '=', id).execute();
  await stamp(urgentOnTime, '10 minutes', '90 minutes');
  await stamp(urgentLate, '30 minutes', '5 hours');

  const districtAdmin = await makeUser(db, 'admin', unit('城东区'));
  const report = await responseTimes(db, districtAdmin, new Date(Date.now() - 86400_000));
  expect(report.grids).toEqual([{ id: unit('湖滨社区/第一网格').id, name: '湖滨社区 · 第一网格', callouts: 3, medianToFirstSignup: 20, medianToFullyStaffed: 195, staffedOnTarget: 1 }]);
  expect(report.streets.map((s) => [s.name, s.callouts])).toEqual([['东湖街道', 3]]);

  const westAdmin = await makeUser(db, 'admin', unit('城西区'));
  expect((await responseTimes(db, westAdmin, new Date(Date.now() - 86400_000))).grids).toEqual([]);
});
