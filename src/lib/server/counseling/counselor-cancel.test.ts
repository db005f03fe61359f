import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { bookFree, freeStarts, localAt, publishHours, shiftBooking } from './testing';
import { delivered } from './testing-mail';

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;
let counselor: Actor; // 陈咨询师 of 东湖街道
let colleague: Actor; // a second counselor of 东湖街道: the same station
let districtCounselor: Actor; // 城东区: a station of its own
let farCounselor: Actor; // 西山街道, another district
let worker: Actor;
let admin: Actor; // 城东区
let hr: Actor;

const WORKER_MAIL = 'zhang.worker@example.cn';
const COUNSELOR_MAIL = 'chen.counselor@example.cn';
const REASON = '咨询师突发身体不适，今天无法到岗';
const api = (actor: Actor | null) => callerFor(db(), actor);
const bookingRow = (id: string) => db().selectFrom('counselingBooking').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  counselor = await makeUser(db(), 'counselor', unit('东湖街道'), { name: '陈咨询师', email: COUNSELOR_MAIL });
  colleague = await makeUser(db(), 'counselor', unit('东湖街道'), { name: '李咨询师' });
  districtCounselor = await makeUser(db(), 'counselor', unit('城东区'), { name: '区咨询师' });
  farCounselor = await makeUser(db(), 'counselor', unit('西山街道'), { name: '西山咨询师' });
  worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'), { name: '张网格员', email: WORKER_MAIL });
  admin = await makeUser(db(), 'admin', unit('城东区'));
  hr = await makeUser(db(), 'hr', unit('城东区'));
  for (const c of [counselor, colleague, districtCounselor, farCounselor]) await publishHours(db(), c);
});
afterAll(() => database.close());


describe('a counselor cancels a session', () => {
  beforeEach(async () => {
    await db().deleteFrom('counselingBooking').execute();
    await db().deleteFrom('emailAttempt').execute();
    await db().deleteFrom('emailOutbox').execute();
    await db().deleteFrom('mailboxMessage').execute();
  });

  it('inside the minimum notice: cancelled, and the worker gets the reason, a CANCEL invite and the way to book again', async () => {
    const b = await bookFree(db(), worker, counselor.userId, { alias: '小雨', note: '私密留言内容' });
    await delivered(db());
    // Three hours away: inside the 24 h notice, where the worker could no longer cancel.
    await shiftBooking(db(), b.bookingId, 3);
    expect((await failureOf(api(worker).counseling.cancel({ bookingId: b.bookingId }))).code).toBe('COUNSELING_NOTICE');

    expect(await api(counselor).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: `  ${REASON} ` })).toEqual({ bookingId: b.bookingId, status: 'cancelled' });
    expect(await bookingRow(b.bookingId)).toMatchObject({ status: 'cancelled', cancelledBy: 'counselor', cancelReason: REASON, sequence: 1 });

    const mails = await delivered(db());
    expect(mails.map((m) => m.to).sort()).toEqual([COUNSELOR_MAIL, WORKER_MAIL].sort());
    const uid = `booking-${b.bookingId}@gridcall.cn`;
    for (const m of mails) expect(m).toMatchObject({ method: 'CANCEL', uid, sequence: 1, status: 'CANCELLED' });
    const toWorker = mails.find((m) => m.to === WORKER_MAIL)!;
    expect(toWorker.subject).toContain('心理咨询已由咨询师取消');
    expect(toWorker.text).toContain(REASON);
    expect(toWorker.text).toContain('/wellbeing/book');
    const toCounselor = mails.find((m) => m.to === COUNSELOR_MAIL)!;
    for (const secret of ['张网格员', '小雨', '私密留言内容', WORKER_MAIL]) expect(toCounselor.raw).not.toContain(secret);

    // The worker sees who cancelled and why; the counselor's card no longer offers it.
    const mine = (await api(worker).counseling.mine()).bookings.find((x) => x.id === b.bookingId)!;
    expect(mine).toMatchObject({ status: 'cancelled', cancelledBy: 'counselor', cancelReason: REASON });
    const session = (await api(counselor).counseling.mine()).sessions.find((x) => x.id === b.bookingId)!;
    expect(session).toMatchObject({ status: 'cancelled', cancelledBy: 'counselor', cancellable: false });
  });

  it('frees the slot at once: a worker may book that very time again', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    expect(await freeStarts(db(), counselor.userId)).not.toContain(b.startsAt);
    await api(counselor).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: REASON });
    expect(await freeStarts(db(), counselor.userId)).toContain(b.startsAt);
    const again = await api(worker).counseling.book({ counselorId: counselor.userId, startsAt: b.startsAt });
    expect(again.bookingId).not.toBe(b.bookingId);
  });

  it('refuses another counselor’s booking, a started session, a cancelled one and a reason too short; nothing changes', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    expect((await api(counselor).counseling.mine()).sessions.find((x) => x.id === b.bookingId)?.cancellable).toBe(true);
    expect((await failureOf(api(colleague).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: REASON }))).code).toBe('NOT_FOUND');
    const f = await failureOf(api(counselor).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: ' 病 ' }));
    expect(f).toMatchObject({ code: 'VALIDATION', status: 400 });
    expect(f.fields?.reason).toBe('取消原因须为 2–200 个字');
    expect((await failureOf(api(counselor).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: 'x'.repeat(201) }))).fields?.reason).toBeDefined();
    expect((await failureOf(api(worker).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: REASON }))).code).toBe('FORBIDDEN');
    expect((await failureOf(api(hr).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: REASON }))).status).toBe(403);

    await shiftBooking(db(), b.bookingId, -0.1);
    expect((await failureOf(api(counselor).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: REASON }))).code).toBe('COUNSELING_NOT_ACTIVE');
    expect(await bookingRow(b.bookingId)).toMatchObject({ status: 'booked', sequence: 0, cancelledBy: null });
    expect(await db().selectFrom('emailOutbox').select('id').where('subject', 'like', '%咨询师取消%').execute()).toEqual([]);

    const c = await bookFree(db(), worker, counselor.userId);
    await api(worker).counseling.cancel({ bookingId: c.bookingId });
    expect(await bookingRow(c.bookingId)).toMatchObject({ cancelledBy: 'worker', cancelReason: null });
    expect((await failureOf(api(counselor).counseling.cancelByCounselor({ bookingId: c.bookingId, reason: REASON }))).code).toBe('COUNSELING_NOT_ACTIVE');
  });

  it('the audit entry says what happened to which booking and names nobody', async () => {
    const b = await bookFree(db(), worker, counselor.userId, { alias: '小雨' });
    await api(counselor).counseling.cancelByCounselor({ bookingId: b.bookingId, reason: REASON });
    const entries = await db().selectFrom('auditLog').selectAll().where('targetId', '=', b.bookingId).orderBy('id').execute();
    expect(entries.map((e) => [e.action, e.actorId, e.orgUnitId, e.detail])).toEqual([
      ['counseling.book', null, null, {}],
      ['counseling.cancelByCounselor', null, null, {}]
    ]);
    const text = JSON.stringify(entries);
    for (const secret of [REASON, '小雨', worker.userId, counselor.userId, '张网格员', '陈咨询师']) expect(text).not.toContain(secret);
  });
});

describe('monthly totals per station', () => {
  /** Sessions in 2025 straight into the table, one an hour from `hour` on the `day` of `month` (Beijing time). */
  async function sessions(c: Actor, month: number, statuses: ('booked' | 'attended' | 'no_show' | 'worker' | 'counselor')[], day = 10, hour = 8) {
    const date = `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    await db().insertInto('counselingBooking').values(statuses.map((s, i) => {
      const start = localAt(date, `${String(hour + i).padStart(2, '0')}:00`);
      const cancelled = s === 'worker' || s === 'counselor';
      return {
        counselorId: c.userId, workerId: worker.userId, startsAt: start, endsAt: new Date(Date.parse(start) + 50 * 60_000), mode: 'place' as const, place: '心灵驿站',
        alias: '小雨', note: '私密留言内容', status: cancelled ? ('cancelled' as const) : s,
        cancelledBy: cancelled ? s : null, cancelledAt: cancelled ? start : null, cancelReason: s === 'counselor' ? REASON : null
      };
    })).execute();
  }

  beforeAll(async () => {
    await db().deleteFrom('counselingBooking').execute();
    // 东湖街道 in March: 5 (shown); in April: 4 (hidden); in May: 3 + 2 by two counselors of the same station = 5 (shown).
    await sessions(counselor, 3, ['attended', 'attended', 'no_show', 'worker', 'counselor']);
    await sessions(counselor, 4, ['attended', 'attended', 'no_show', 'counselor']);
    await sessions(counselor, 5, ['attended', 'attended', 'attended']);
    await sessions(colleague, 5, ['no_show', 'worker']);
    // 1 January 07:00 Beijing time counts in January 2025, though it is still 2024 in UTC.
    await sessions(districtCounselor, 1, ['attended'], 1, 7);
    await sessions(farCounselor, 3, ['attended', 'attended', 'attended', 'attended', 'attended', 'attended']);
  });

  it('counts per station and month; a month under five shows "<5" for every figure', async () => {
    const totals = await api(admin).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 2025 });
    expect(totals).toMatchObject({ unitName: '城东区', year: 2025, minGroup: 5 });
    expect(totals.stations.map((s) => s.stationName)).toEqual(['城东区', '东湖街道']);
    const station = totals.stations.find((s) => s.stationName === '东湖街道')!;
    expect(station.months).toHaveLength(12);
    expect(station.months[2]).toEqual({ month: 3, suppressed: false, booked: 5, attended: 2, noShow: 1, cancelledByWorker: 1, cancelledByCounselor: 1 });
    expect(station.months[3]).toEqual({ month: 4, suppressed: true, booked: '<5', attended: '<5', noShow: '<5', cancelledByWorker: '<5', cancelledByCounselor: '<5' });
    expect(station.months[4]).toEqual({ month: 5, suppressed: false, booked: 5, attended: 3, noShow: 1, cancelledByWorker: 1, cancelledByCounselor: 0 });
    expect(station.months[0]).toEqual({ month: 1, suppressed: false, booked: 0, attended: 0, noShow: 0, cancelledByWorker: 0, cancelledByCounselor: 0 });
    const district = totals.stations.find((s) => s.stationName === '城东区')!;
    expect(district.months[0]).toMatchObject({ month: 1, suppressed: true, booked: '<5' });
    // Another year: nothing.
    const next = await api(admin).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 2026 });
    expect(next.stations.flatMap((s) => s.months).every((m) => m.booked === 0)).toBe(true);
  });

  it('holds counts only: no names, aliases, notes, reasons or ids of people', async () => {
    const totals = await api(admin).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 2025 });
    const text = JSON.stringify(totals);
    for (const secret of ['小雨', '私密留言内容', REASON, '张网格员', '陈咨询师', '李咨询师', '区咨询师', worker.userId, counselor.userId, colleague.userId]) expect(text).not.toContain(secret);
    const keys = new Set(totals.stations.flatMap((s) => s.months.flatMap((m) => Object.keys(m))));
    expect([...keys].sort()).toEqual(['attended', 'booked', 'cancelledByCounselor', 'cancelledByWorker', 'month', 'noShow', 'suppressed']);
  });

  it('a counselor sees their own station; other units, grid workers and HR are refused', async () => {
    const own = await api(counselor).counseling.monthlyTotals({ unitId: unit('东湖街道').id, year: 2025 });
    expect(own.stations.map((s) => s.stationName)).toEqual(['东湖街道']);
    expect((await failureOf(api(counselor).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 2025 }))).code).toBe('FORBIDDEN');
    expect((await failureOf(api(admin).counseling.monthlyTotals({ unitId: unit('西山街道').id, year: 2025 }))).code).toBe('FORBIDDEN');
    const hrFailure = await failureOf(api(hr).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 2025 }));
    expect(hrFailure).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect((await failureOf(api(worker).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 2025 }))).status).toBe(403);
    expect((await failureOf(api(admin).counseling.monthlyTotals({ unitId: unit('城东区').id, year: 1999 }))).fields?.year).toBe('请选择 2000–2199 之间的年份');
  });
});
