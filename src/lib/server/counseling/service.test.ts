import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { signLink } from '../secrets/link-signing';
import { localDate } from './slots';
import { bookingToken } from './mail';
import { counselingReminderRound } from './reminders';
import { bookFree, EVERY_DAY, freeStarts, localAt, publishHours, shiftBooking, STATION } from './testing';
import { delivered } from './testing-mail';

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;
let counselor: Actor; // 陈咨询 of 东湖街道
let districtCounselor: Actor; // 城东区
let farCounselor: Actor; // 西山街道
let worker: Actor; // 湖滨社区第一网格
let neighbour: Actor; // 桃园社区第一网格, same street
let farWorker: Actor; // 西山社区第一网格

const COUNSELOR_MAIL = 'chen.counselor@example.cn';
const WORKER_MAIL = 'zhang.worker@example.cn';
const api = (actor: Actor | null) => callerFor(db(), actor);
const DAY = 86_400_000;
const bookingRow = (id: string) => db().selectFrom('counselingBooking').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const liveCount = async () => Number((await db().selectFrom('counselingBooking').select((eb) => eb.fn.countAll().as('n')).where('status', '<>', 'cancelled').executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  counselor = await makeUser(db(), 'counselor', unit('东湖街道'), { name: '陈咨询师', email: COUNSELOR_MAIL });
  districtCounselor = await makeUser(db(), 'counselor', unit('城东区'), { name: '区咨询师' });
  farCounselor = await makeUser(db(), 'counselor', unit('西山街道'), { name: '西山咨询师' });
  worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'), { name: '张网格员', email: WORKER_MAIL });
  neighbour = await makeUser(db(), 'grid_worker', unit('桃园社区/第一网格'), { name: '邻居网格员' });
  farWorker = await makeUser(db(), 'grid_worker', unit('西山社区/第一网格'), { name: '远方网格员' });
  for (const c of [counselor, districtCounselor, farCounselor]) await publishHours(db(), c);
});
afterAll(() => database.close());

const nextTwoWeeks = () => ({ from: new Date().toISOString(), to: new Date(Date.now() + 15 * DAY).toISOString() });

describe('office hours', () => {
  it('round-trips what the counselor saved, as local times', async () => {
    const saved = await api(counselor).counseling.hours.get();
    expect(saved.published).toBe(true);
    expect(saved.minNoticeHours).toBe(24);
    expect(saved.rules).toHaveLength(14);
    expect(saved.rules[0]).toEqual({ weekday: 1, startTime: '09:00', endTime: '12:00', mode: 'place', place: STATION, slotMinutes: 50, bufferMinutes: 10 });
  });

  it('refuses bad hours field by field and changes nothing', async () => {
    const base = { minNoticeHours: 24, horizonDays: 14, overrides: [] };
    const rule = { weekday: 3, startTime: '14:00', endTime: '17:00', mode: 'place' as const, place: STATION, slotMinutes: 50, bufferMinutes: 10 };
    const fail = (input: unknown) => failureOf(api(counselor).counseling.hours.save(input as never));

    let f = await fail({ ...base, rules: [{ ...rule, endTime: '13:00' }] });
    expect(f).toMatchObject({ code: 'VALIDATION', status: 400 });
    expect(f.fields?.['rules.0.endTime']).toBe('结束时间须晚于开始时间，且至少容纳一次咨询的时长');
    f = await fail({ ...base, rules: [{ ...rule, slotMinutes: 10 }] });
    expect(f.fields?.['rules.0.slotMinutes']).toBe('每次咨询时长须在 15–180 分钟之间');
    f = await fail({ ...base, rules: [{ ...rule, bufferMinutes: 90 }] });
    expect(f.fields?.['rules.0.bufferMinutes']).toBe('两次咨询之间的间隔须在 0–60 分钟之间');
    f = await fail({ ...base, rules: [{ ...rule, startTime: '25:00' }] });
    expect(f.fields?.['rules.0.startTime']).toBe('请输入有效的时间，如 14:00');
    f = await fail({ ...base, rules: [rule, { ...rule, startTime: '16:00', endTime: '18:00' }] });
    expect(f.fields?.['rules.1.startTime']).toBe('与同一天的其他开放时段重叠');
    // 2026-03-04 is a Wednesday: extra hours there overlap the weekly ones, unless the day is off.
    const extra = { kind: 'extra', date: '2026-03-04', startTime: '16:30', endTime: '18:00', mode: 'online', place: '线上', slotMinutes: 30, bufferMinutes: 0 };
    f = await fail({ ...base, rules: [rule], overrides: [extra] });
    expect(f.fields?.['overrides.0.startTime']).toBe('与同一天的其他开放时段重叠');
    f = await fail({ ...base, rules: [rule], overrides: [{ kind: 'off', date: '2026-03-04' }, { kind: 'off', date: '2026-03-04' }] });
    expect(f.fields?.['overrides.1.date']).toBe('同一天只能设置一次休息');
    f = await fail({ ...base, minNoticeHours: -1, horizonDays: 365, rules: [rule] });
    expect(f.fields).toMatchObject({ minNoticeHours: '最短提前预约时间须在 0–336 小时之间', horizonDays: '可预约范围须在 1–90 天之间' });
    f = await fail({ ...base, rules: [{ ...rule, weekday: 8 }] });
    expect(f.code).toBe('VALIDATION');

    expect((await api(counselor).counseling.hours.get()).rules).toHaveLength(14);
    // A day off with extra hours on it is fine: that day only the extra hours are open.
    const other = await makeUser(db(), 'counselor', unit('新华街道'));
    const ok = await api(other).counseling.hours.save({ ...base, rules: [rule], overrides: [{ kind: 'off', date: '2026-03-04' }, extra] } as never);
    expect(ok.overrides).toEqual([{ kind: 'off', date: '2026-03-04' }, { ...extra }]);
  });
});

describe('free slots', () => {
  it('a worker sees the counselors of their street, district and city, not of another street', async () => {
    const list = await api(worker).counseling.slots(nextTwoWeeks());
    expect(list.map((c) => c.name).sort()).toEqual(['区咨询师', '陈咨询师']);
    const mine = list.find((c) => c.id === counselor.userId)!;
    expect(mine.station).toBe('东湖街道');
    // Every day: three at the station, two online; none inside the 24 h notice, none past 14 days.
    expect(mine.slots.length).toBeGreaterThanOrEqual(13 * 5);
    expect(mine.slots.length).toBeLessThanOrEqual(15 * 5);
    const dayAfterTomorrow = localDate(Date.now() + 2 * DAY);
    const firstThatDay = mine.slots.find((s) => localDate(Date.parse(s.startsAt)) === dayAfterTomorrow);
    expect(firstThatDay).toMatchObject({ startsAt: localAt(dayAfterTomorrow, '09:00'), mode: 'place', place: STATION });
    expect(mine.slots.every((s) => Date.parse(s.startsAt) >= Date.now() + 24 * 3600_000)).toBe(true);
    expect(mine.slots.some((s) => s.mode === 'online')).toBe(true);

    const far = await api(farWorker).counseling.slots(nextTwoWeeks());
    expect(far.map((c) => c.name).sort()).toEqual(['西山咨询师']);
    expect((await failureOf(api(farWorker).counseling.slots({ ...nextTwoWeeks(), counselorId: counselor.userId }))).status).toBe(404);
  });

  it('a counselor sees their own slots only', async () => {
    const own = await api(counselor).counseling.slots(nextTwoWeeks());
    expect(own.map((c) => c.id)).toEqual([counselor.userId]);
    expect((await failureOf(api(counselor).counseling.slots({ ...nextTwoWeeks(), counselorId: districtCounselor.userId }))).code).toBe('NOT_FOUND');
  });

  it('refuses a range over eight weeks', async () => {
    const f = await failureOf(api(worker).counseling.slots({ from: new Date().toISOString(), to: new Date(Date.now() + 57 * DAY).toISOString() }));
    expect(f.fields?.to).toBe('时间范围有误：结束须晚于开始，且一次最多查看 8 周');
  });
});

describe('booking', () => {
  beforeEach(async () => {
    await db().deleteFrom('counselingBooking').execute();
    await db().deleteFrom('emailOutbox').execute();
  });

  it('books a slot under an alias with a note only the counselor sees; the slot is then taken', async () => {
    const [first] = await freeStarts(db(), counselor.userId, 'place');
    const booked = await api(worker).counseling.book({ counselorId: counselor.userId, startsAt: first!, alias: '小雨', note: '最近睡不好，想聊聊工作压力。' });
    expect(booked).toMatchObject({ counselorName: '陈咨询师', startsAt: first, mode: 'place', place: STATION });
    expect(await freeStarts(db(), counselor.userId)).not.toContain(first);

    const sessions = (await api(counselor).counseling.mine()).sessions;
    expect(sessions).toEqual([expect.objectContaining({ id: booked.bookingId, who: '小雨', aliased: true, note: '最近睡不好，想聊聊工作压力。', status: 'booked', markable: false })]);
    const mine = (await api(worker).counseling.mine()).bookings;
    expect(mine).toEqual([expect.objectContaining({ id: booked.bookingId, counselorName: '陈咨询师', alias: '小雨', hasNote: true, changeable: true })]);
    expect(mine[0]).not.toHaveProperty('note');
    // Other counselors and other workers see nothing of it.
    expect((await api(districtCounselor).counseling.mine()).sessions).toEqual([]);
    expect((await api(neighbour).counseling.mine()).bookings).toEqual([]);

    const again = await failureOf(api(neighbour).counseling.book({ counselorId: counselor.userId, startsAt: first! }));
    expect(again).toMatchObject({ code: 'SLOT_TAKEN', status: 409, message: '该时段已被预约，请选择其他时间。' });
  });

  it('without an alias the counselor sees the name', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    expect((await api(counselor).counseling.mine()).sessions).toEqual([expect.objectContaining({ id: b.bookingId, who: '张网格员', aliased: false, note: null })]);
  });

  it('refuses a slot that does not exist, inside the notice, beyond the horizon or out of reach, and changes nothing', async () => {
    const today = localDate(Date.now());
    const inDays = (n: number) => localDate(Date.now() + n * DAY);
    const book = (startsAt: string, who = worker, counselorId = counselor.userId) => failureOf(api(who).counseling.book({ counselorId, startsAt }));

    expect(await book(localAt(inDays(3), '09:15'))).toMatchObject({ code: 'COUNSELING_SLOT_UNAVAILABLE', message: '该时段不在咨询师的开放时间内，请重新选择。' });
    expect((await book(localAt(inDays(3), '12:00'))).code).toBe('COUNSELING_SLOT_UNAVAILABLE');
    // The first 09:00 or 19:00 slot less than 24 h away.
    const soon = [localAt(today, '09:00'), localAt(today, '19:00'), localAt(inDays(1), '09:00'), localAt(inDays(1), '19:00')].find((s) => Date.parse(s) > Date.now() && Date.parse(s) < Date.now() + 24 * 3600_000)!;
    expect(await book(soon)).toMatchObject({ code: 'COUNSELING_NOTICE', message: '距开始已不足 24 小时，不能再在线预约、改约或取消。' });
    expect((await book(localAt(inDays(-1), '09:00'))).code).toBe('COUNSELING_NOTICE');
    expect(await book(localAt(inDays(16), '09:00'))).toMatchObject({ code: 'COUNSELING_HORIZON', message: '只能预约 14 天以内的时段。' });
    expect((await book(localAt(inDays(3), '09:00'), farWorker)).status).toBe(404);
    // Counselors do not book, nor do HR or admins.
    expect((await book(localAt(inDays(3), '09:00'), counselor)).code).toBe('FORBIDDEN');
    expect(await liveCount()).toBe(0);
    expect(await db().selectFrom('emailOutbox').select('id').execute()).toEqual([]);
  });

  // A real race only on PostgreSQL: PGlite runs one query at a time, so there the 100 calls queue
  // and this shows the logic only. `npm test` with DATABASE_URL set (the second pass of .ci/run)
  // runs it with a pool of connections, where the bookings overlap and the unique index decides.
  it('100 workers booking one slot at once: exactly one gets it, 99 are told it is taken', async () => {
    const workers = await Promise.all(Array.from({ length: 100 }, (_, i) => makeUser(db(), 'grid_worker', unit(i % 2 ? '湖滨社区/第二网格' : '桃园社区/第一网格'))));
    const [slot] = await freeStarts(db(), counselor.userId);
    const results = await Promise.allSettled(workers.map((w) => api(w).counseling.book({ counselorId: counselor.userId, startsAt: slot! })));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failureOf(Promise.reject((r as PromiseRejectedResult).reason))));
    expect(lost).toHaveLength(99);
    for (const f of lost) expect(f).toMatchObject({ code: 'SLOT_TAKEN', status: 409, message: '该时段已被预约，请选择其他时间。' });
    expect(lost[0]!.message).toContain('已被预约');
    const rows = await db().selectFrom('counselingBooking').select(['workerId', 'status']).where('startsAt', '=', new Date(slot!)).execute();
    expect(rows).toHaveLength(1);
    // One confirmation for the winner and one for the counselor; the losers got no mail.
    expect(await db().selectFrom('emailOutbox').select('id').execute()).toHaveLength(2);
  });

  it('the database itself refuses a second live booking of one start', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    const row = await bookingRow(b.bookingId);
    const copy = { counselorId: row.counselorId, workerId: neighbour.userId, startsAt: row.startsAt, endsAt: row.endsAt, mode: row.mode, place: row.place };
    await expect(db().insertInto('counselingBooking').values(copy).execute()).rejects.toMatchObject({ code: '23505' });
    // Once cancelled, the start is free again.
    await api(worker).counseling.cancel({ bookingId: b.bookingId });
    await db().insertInto('counselingBooking').values(copy).execute();
  });
});

describe('cancel and reschedule', () => {
  beforeEach(async () => {
    await db().deleteFrom('counselingBooking').execute();
  });

  it('in the portal: the booker moves the session (same booking, sequence + 1) and cancels it; the slots free up', async () => {
    const starts = await freeStarts(db(), counselor.userId);
    const b = await bookFree(db(), worker, counselor.userId);
    const target = starts[3]!;
    const moved = await api(worker).counseling.reschedule({ bookingId: b.bookingId, startsAt: target });
    expect(moved).toMatchObject({ bookingId: b.bookingId, startsAt: target });
    expect(await bookingRow(b.bookingId)).toMatchObject({ sequence: 1, status: 'booked', startsAt: new Date(target) });
    const free = await freeStarts(db(), counselor.userId);
    expect(free).toContain(b.startsAt);
    expect(free).not.toContain(target);

    // Someone else's booking is not there for them; a taken slot is refused.
    expect((await failureOf(api(neighbour).counseling.cancel({ bookingId: b.bookingId }))).code).toBe('NOT_FOUND');
    const other = await bookFree(db(), neighbour, counselor.userId);
    expect((await failureOf(api(worker).counseling.reschedule({ bookingId: b.bookingId, startsAt: other.startsAt }))).code).toBe('SLOT_TAKEN');

    expect(await api(worker).counseling.cancel({ bookingId: b.bookingId })).toEqual({ bookingId: b.bookingId, status: 'cancelled' });
    expect(await bookingRow(b.bookingId)).toMatchObject({ sequence: 2, status: 'cancelled' });
    expect(await freeStarts(db(), counselor.userId)).toContain(target);
    expect((await failureOf(api(worker).counseling.cancel({ bookingId: b.bookingId }))).code).toBe('COUNSELING_NOT_ACTIVE');
  });

  it('not inside the minimum notice', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    await shiftBooking(db(), b.bookingId, 5);
    const [later] = await freeStarts(db(), counselor.userId);
    expect(await failureOf(api(worker).counseling.cancel({ bookingId: b.bookingId }))).toMatchObject({ code: 'COUNSELING_NOTICE', message: '距开始已不足 24 小时，不能再在线预约、改约或取消。' });
    expect((await failureOf(api(worker).counseling.reschedule({ bookingId: b.bookingId, startsAt: later! }))).code).toBe('COUNSELING_NOTICE');
    expect((await bookingRow(b.bookingId)).status).toBe('booked');
    expect((await api(worker).counseling.mine()).bookings[0]!.changeable).toBe(false);
  });

  it('by the link in the mail, signed in as the booking’s worker: look, move, and cancel; an old or forged link changes nothing', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    const first = await bookingToken(db(), b.bookingId, 0);
    const own = api(worker);
    expect(await own.counseling.byLink.get({ token: first })).toMatchObject({ id: b.bookingId, counselorName: '陈咨询师', status: 'booked', changeable: true, startsAt: b.startsAt });
    const offered = await own.counseling.byLink.slots({ token: first, ...nextTwoWeeks() });
    expect(offered[0]!.slots.map((s) => s.startsAt)).not.toContain(b.startsAt);

    const target = offered[0]!.slots[2]!.startsAt;
    const moved = await own.counseling.byLink.reschedule({ token: first, startsAt: target });
    expect(moved.startsAt).toBe(target);
    expect(moved.token).toBe(await bookingToken(db(), b.bookingId, 1));

    // The link from before the change no longer works, for anything.
    const stale = { code: 'COUNSELING_LINK_INVALID', message: '该链接无效或已失效（预约可能已改约或取消）。请使用最新邮件中的链接，或登录后在“心理咨询”中查看。' };
    expect(await failureOf(own.counseling.byLink.get({ token: first }))).toMatchObject(stale);
    expect(await failureOf(own.counseling.byLink.cancel({ token: first }))).toMatchObject(stale);
    expect(await failureOf(own.counseling.byLink.reschedule({ token: first, startsAt: offered[0]!.slots[4]!.startsAt }))).toMatchObject(stale);
    // Forged: a changed signature, a made-up sequence, a token signed for another purpose, rubbish.
    const forged = [
      moved.token.slice(0, -2) + (moved.token.endsWith('AA') ? 'BB' : 'AA'),
      `${b.bookingId}_7.${moved.token.split('.')[1]}`,
      await signLink(db(), 'unsubscribe', `${b.bookingId}_1`),
      'not-a-token',
      `${b.bookingId}_1`
    ];
    for (const token of forged) expect(await failureOf(own.counseling.byLink.cancel({ token }))).toMatchObject(stale);
    expect(await bookingRow(b.bookingId)).toMatchObject({ status: 'booked', sequence: 1, startsAt: new Date(target) });

    expect(await own.counseling.byLink.cancel({ token: moved.token })).toEqual({ bookingId: b.bookingId, status: 'cancelled' });
    expect(await failureOf(own.counseling.byLink.get({ token: moved.token }))).toMatchObject(stale);
  });

  it('the link alone grants nothing: signed out it asks for sign-in, anyone else signed in (HR, admin, the counselor, another worker) finds no booking', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    const token = await bookingToken(db(), b.bookingId, 0);
    const hr = await makeUser(db(), 'hr', unit('东湖街道'));
    const admin = await makeUser(db(), 'admin', unit('某市'));
    const signedOut = await failureOf(api(null).counseling.byLink.get({ token }));
    expect(signedOut).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    for (const [who, caller] of [['neighbour', neighbour], ['hr', hr], ['admin', admin], ['counselor', counselor]] as const) {
      const look = await failureOf(api(caller).counseling.byLink.get({ token }));
      expect(look, who).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(await failureOf(api(caller).counseling.byLink.slots({ token, ...nextTwoWeeks() })), who).toMatchObject({ status: 404 });
      expect(await failureOf(api(caller).counseling.byLink.cancel({ token })), who).toMatchObject({ status: 404 });
      expect(await failureOf(api(caller).counseling.byLink.reschedule({ token, startsAt: b.startsAt })), who).toMatchObject({ status: 404 });
    }
    expect(await failureOf(api(null).counseling.byLink.cancel({ token }))).toMatchObject({ status: 401 });
    expect(await bookingRow(b.bookingId)).toMatchObject({ status: 'booked', sequence: 0 });
  });
});

describe('marking attendance', () => {
  it('only the booking’s own counselor, only after the start', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    expect((await failureOf(api(counselor).counseling.mark({ bookingId: b.bookingId, outcome: 'attended' }))).code).toBe('COUNSELING_NOT_STARTED');
    await shiftBooking(db(), b.bookingId, -0.5);
    const other = await failureOf(api(districtCounselor).counseling.mark({ bookingId: b.bookingId, outcome: 'no_show' }));
    expect(other).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect((await bookingRow(b.bookingId)).status).toBe('booked');
    expect((await api(counselor).counseling.mine()).sessions.find((s) => s.id === b.bookingId)?.markable).toBe(true);
    expect(await api(counselor).counseling.mark({ bookingId: b.bookingId, outcome: 'attended' })).toEqual({ bookingId: b.bookingId, status: 'attended' });
    // A slip of the finger can be corrected.
    expect((await api(counselor).counseling.mark({ bookingId: b.bookingId, outcome: 'no_show' })).status).toBe('no_show');
    expect((await failureOf(api(worker).counseling.mark({ bookingId: b.bookingId, outcome: 'attended' }))).code).toBe('FORBIDDEN');
  });
});

describe('mail with calendar invites', () => {
  beforeEach(async () => {
    await db().deleteFrom('counselingBooking').execute();
    await db().deleteFrom('emailAttempt').execute();
    await db().deleteFrom('emailOutbox').execute();
    await db().deleteFrom('mailboxMessage').execute();
  });


  it('confirmation, change and cancellation carry REQUEST / REQUEST SEQUENCE+1 / CANCEL with one UID; the counselor’s copy names nobody', async () => {
    const b = await bookFree(db(), worker, counselor.userId, { alias: '小雨', note: '私密留言内容' });
    const uid = `booking-${b.bookingId}@gridcall.cn`;
    const booked = await delivered(db());
    expect(booked.map((m) => m.to).sort()).toEqual([COUNSELOR_MAIL, WORKER_MAIL].sort());
    const toWorker = booked.find((m) => m.to === WORKER_MAIL)!;
    expect(toWorker).toMatchObject({ method: 'REQUEST', uid, sequence: 0, start: b.startsAt });
    expect(toWorker.subject).toContain('心理咨询预约成功');
    expect(toWorker.text).toContain(`/counseling/link/${await bookingToken(db(), b.bookingId, 0)}`);
    expect(toWorker.text).toContain('12356');
    const toCounselor = booked.find((m) => m.to === COUNSELOR_MAIL)!;
    expect(toCounselor).toMatchObject({ method: 'REQUEST', uid, sequence: 0 });
    for (const secret of ['张网格员', '小雨', '私密留言内容', WORKER_MAIL]) expect(toCounselor.raw).not.toContain(secret);
    expect(toWorker.raw).not.toContain('私密留言内容');

    const target = (await freeStarts(db(), counselor.userId))[5]!;
    await api(worker).counseling.reschedule({ bookingId: b.bookingId, startsAt: target });
    const changed = await delivered(db());
    expect(changed).toHaveLength(2);
    for (const m of changed) expect(m).toMatchObject({ method: 'REQUEST', uid, sequence: 1, start: target });
    expect(changed.find((m) => m.to === WORKER_MAIL)!.text).toContain(`/counseling/link/${await bookingToken(db(), b.bookingId, 1)}`);

    await api(worker).counseling.cancel({ bookingId: b.bookingId });
    const cancelled = await delivered(db());
    expect(cancelled).toHaveLength(2);
    for (const m of cancelled) expect(m).toMatchObject({ method: 'CANCEL', uid, sequence: 2 });
    expect(cancelled.find((m) => m.to === WORKER_MAIL)!.raw).toMatch(/method=CANCEL/i);
  });

  it('a reminder the day before, once, however many processes run the round', async () => {
    const b = await bookFree(db(), worker, counselor.userId);
    await delivered(db());
    // Nothing due yet: the session is more than a day away.
    expect(await counselingReminderRound(db())).toBe(0);
    await shiftBooking(db(), b.bookingId, 20);
    const counts = await Promise.all([counselingReminderRound(db()), counselingReminderRound(db()), counselingReminderRound(db())]);
    expect(counts.reduce((a, n) => a + n, 0)).toBe(1);
    expect(await counselingReminderRound(db())).toBe(0);
    const reminders = await delivered(db());
    expect(reminders.map((m) => m.to).sort()).toEqual([COUNSELOR_MAIL, WORKER_MAIL].sort());
    for (const m of reminders) expect(m).toMatchObject({ method: 'REQUEST', uid: `booking-${b.bookingId}@gridcall.cn`, sequence: 0 });
    expect(reminders.find((m) => m.to === WORKER_MAIL)!.subject).toContain('心理咨询提醒');
  });

  it('a session booked less than a day ahead gets no separate reminder', async () => {
    const quick = await makeUser(db(), 'counselor', unit('东湖街道'), { name: '急诊咨询师' });
    await publishHours(db(), quick, { ...EVERY_DAY, minNoticeHours: 0 });
    const [soonest] = await freeStarts(db(), quick.userId);
    expect(Date.parse(soonest!) - Date.now()).toBeLessThan(DAY);
    const b = await api(worker).counseling.book({ counselorId: quick.userId, startsAt: soonest! });
    expect((await bookingRow(b.bookingId)).remindedAt).toBeInstanceOf(Date);
    expect(await counselingReminderRound(db())).toBe(0);
  });
});

describe('privacy', () => {
  it('HR and admins are refused every counseling procedure', async () => {
    const hr = await makeUser(db(), 'hr', unit('城东区'));
    const admin = await makeUser(db(), 'admin', unit('某市'));
    for (const who of [hr, admin]) {
      const c = api(who).counseling;
      const calls = [
        c.hours.get(), c.hours.save(EVERY_DAY), c.slots(nextTwoWeeks()), c.mine(),
        c.book({ counselorId: counselor.userId, startsAt: new Date().toISOString() }),
        c.cancel({ bookingId: counselor.userId }), c.reschedule({ bookingId: counselor.userId, startsAt: new Date().toISOString() }),
        c.mark({ bookingId: counselor.userId, outcome: 'attended' })
      ];
      for (const call of calls) expect((await failureOf(call)).code).toBe('FORBIDDEN');
    }
  });

  it('the audit log says what happened to which booking, and names nobody', async () => {
    const b = await bookFree(db(), worker, counselor.userId, { alias: '小雨', note: '私密留言内容' });
    await api(worker).counseling.cancel({ bookingId: b.bookingId });
    const entries = await db().selectFrom('auditLog').selectAll().where('targetId', '=', b.bookingId).orderBy('id').execute();
    expect(entries.map((e) => [e.action, e.actorId, e.orgUnitId, e.detail])).toEqual([
      ['counseling.book', null, null, {}],
      ['counseling.cancel', null, null, {}]
    ]);
    const everything = JSON.stringify(await db().selectFrom('auditLog').selectAll().where('action', 'like', 'counseling.%').execute());
    for (const secret of ['小雨', '私密留言内容', worker.userId, '张网格员']) expect(everything).not.toContain(secret);
  });
});
