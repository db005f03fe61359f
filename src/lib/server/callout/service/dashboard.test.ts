import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/connect';
import { freshDb } from '../../testing/db';
import { demoCity, makeUser, type UnitRef } from '../../testing/factories';
import { openCallout } from '../../testing/callouts';
import { responseTimes } from './dashboard';

let database: Database;
let unit: (name: string) => UnitRef;
beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(database.db);
});
afterAll(() => database.close());

const dayAgo = () => new Date(Date.now() - 86400_000);

/** Moves a callout's posting `ago` back and stamps its first sign-up and fully staffed after that. */
function stamp(id: string, ago: string, times: { first?: string; full?: string; cancelled?: string } = {}) {
  const after = (offset: string | undefined) => (offset ? sql<Date>`now() - ${ago}::interval + ${offset}::interval` : null);
  return database.db
    .updateTable('callout')
    .set({
      publishedAt: sql`now() - ${ago}::interval`,
      firstSignupAt: after(times.first),
      fullyStaffedAt: after(times.full),
      ...(times.cancelled ? { status: 'cancelled' as const, cancelledAt: after(times.cancelled) } : {})
    })
    .where('id', '=', id)
    .execute();
}

it('reports response times per grid and street against the 24 h / 2 h targets, only in scope', async () => {
  const db = database.db;
  const poster = await makeUser(db, 'grid_worker', unit('湖滨社区/第一网格'));
  const urgentOnTime = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '紧急一', urgency: 'urgent' });
  const urgentLate = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '紧急二', urgency: 'urgent' });
  const nobody = await openCallout(db, poster, unit('湖滨社区/第一网格'), { title: '没人报名' });
  await stamp(urgentOnTime, '10 hours', { first: '10 minutes', full: '90 minutes' });
  await stamp(urgentLate, '10 hours', { first: '30 minutes', full: '5 hours' });
  await stamp(nobody, '10 hours');

  const districtAdmin = await makeUser(db, 'admin', unit('城东区'));
  const report = await responseTimes(db, districtAdmin, dayAgo());
  const urgent = { callouts: 2, due: 2, staffedOnTarget: 1, medianToFirstSignup: 20, medianToFullyStaffed: 195 };
  // The normal one has had 10 of its 24 hours: not due yet, so it counts neither for nor against.
  const normal = { callouts: 1, due: 0, staffedOnTarget: 0, medianToFirstSignup: null, medianToFullyStaffed: null };
  expect(report.grids).toEqual([
    { id: unit('湖滨社区/第一网格').id, name: '湖滨社区 · 第一网格', callouts: 3, due: 2, staffedOnTarget: 1, medianToFirstSignup: 20, medianToFullyStaffed: 195, byUrgency: { normal, urgent } }
  ]);
  expect(report.streets.map((s) => [s.name, s.callouts])).toEqual([['东湖街道', 3]]);
  expect(report.total).toEqual({ callouts: 3, due: 2, staffedOnTarget: 1, medianToFirstSignup: 20, medianToFullyStaffed: 195, byUrgency: { normal, urgent } });
  expect(report.targets).toEqual({ normal: 1440, urgent: 120 });

  const westAdmin = await makeUser(db, 'admin', unit('城西区'));
  const west = await responseTimes(db, westAdmin, dayAgo());
  expect(west.grids).toEqual([]);
  expect(west.total.callouts).toBe(0);
});

it('counts a callout past its target without enough volunteers as missed, and one called off in time as not due', async () => {
  const db = database.db;
  const poster = await makeUser(db, 'grid_worker', unit('枫林社区/第二网格'));
  const grid = unit('枫林社区/第二网格');
  const missed = await openCallout(db, poster, grid, { title: '过时未满', urgency: 'urgent' });
  const calledOffInTime = await openCallout(db, poster, grid, { title: '及时取消', urgency: 'urgent' });
  const calledOffLate = await openCallout(db, poster, grid, { title: '超时后取消', urgency: 'urgent' });
  const normalOnTime = await openCallout(db, poster, grid, { title: '一般按时', urgency: 'normal' });
  const old = await openCallout(db, poster, grid, { title: '期外', urgency: 'normal' });
  await stamp(missed, '3 hours', { first: '1 hour' });
  await stamp(calledOffInTime, '5 hours', { cancelled: '1 hour' });
  await stamp(calledOffLate, '5 hours', { cancelled: '4 hours' });
  await stamp(normalOnTime, '30 hours', { first: '2 hours', full: '20 hours' });
  await stamp(old, '3 days', { first: '1 hour', full: '2 hours' });

  const admin = await makeUser(db, 'admin', unit('城西区'));
  const report = await responseTimes(db, admin, new Date(Date.now() - 2 * 86400_000));
  expect(report.grids.map((g) => g.name)).toEqual(['枫林社区 · 第二网格']);
  const [fenglin] = report.grids;
  expect(fenglin!.byUrgency.urgent).toEqual({ callouts: 3, due: 2, staffedOnTarget: 0, medianToFirstSignup: 60, medianToFullyStaffed: null });
  expect(fenglin!.byUrgency.normal).toEqual({ callouts: 1, due: 1, staffedOnTarget: 1, medianToFirstSignup: 120, medianToFullyStaffed: 1200 });
  expect(report.streets).toMatchObject([{ name: '西山街道', callouts: 4, due: 3, staffedOnTarget: 1 }]);
});

it('lists streets and grids in name order, each street once however many of its grids posted', async () => {
  const db = database.db;
  const at = (name: string) => unit(name);
  for (const name of ['新华社区/第二网格', '桃园社区/第一网格', '新华社区/第一网格', '光明社区/第一网格']) {
    const poster = await makeUser(db, 'grid_worker', at(name));
    await stamp(await openCallout(db, poster, at(name), { title: `排序${name.slice(0, 2)}` }), '1 hour');
  }
  const admin = await makeUser(db, 'admin', unit('城东区'));
  const report = await responseTimes(db, admin, new Date(Date.now() - 2 * 3600_000));
  const streets = report.streets.map((s) => s.name);
  expect(streets).toEqual([...streets].sort());
  expect(new Set(streets).size).toBe(streets.length);
  expect(report.streets.find((s) => s.name === '新华街道')?.callouts).toBe(3);
  const grids = report.grids.map((g) => g.name);
  expect(grids.indexOf('新华社区 · 第一网格')).toBe(grids.indexOf('新华社区 · 第二网格') - 1);
});
