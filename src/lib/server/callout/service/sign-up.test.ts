import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import type { DomainError } from '../../domain-error';
import { callerFor, failureOf, makeUser } from '../../testing/factories';
import { openCallout } from '../../testing/callouts';
import { useCalloutWorld } from '../../testing/callout-world';
import { cancelSignUp, signUp } from './sign-up';

const { db, unit, gridWorker } = useCalloutWorld();
const HOUR = 3600_000;

const volunteer = (extra = {}) => makeUser(db(), 'volunteer', unit('湖滨社区'), extra);
const callout = (fields = {}) => openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), fields);
const state = (id: string) => db().selectFrom('callout').select(['status', 'confirmedCount', 'firstSignupAt', 'fullyStaffedAt']).where('id', '=', id).executeTakeFirstOrThrow();

describe('claiming the last places', () => {
  it('200 volunteers at once for 20 places: exactly 20 confirmed, 180 waitlisted in arrival order', async () => {
    const id = await callout({ slots: 20, title: '敬老院探访' });
    const people: Actor[] = [];
    for (let i = 0; i < 200; i++) people.push(await volunteer());
    const results = await Promise.all(people.map((p) => signUp(db(), p, id)));
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(20);
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(180);

    const rows = await db().selectFrom('signup').select(['status', 'seq', 'createdAt']).where('calloutId', '=', id).orderBy('seq').execute();
    expect(rows.slice(0, 20).every((r) => r.status === 'confirmed')).toBe(true);
    expect(rows.slice(20).every((r) => r.status === 'waitlisted')).toBe(true);
    const after = await state(id);
    expect(after).toMatchObject({ status: 'full', confirmedCount: 20 });
    expect(after.fullyStaffedAt).not.toBeNull();

    // 20 confirmed volunteers cancel at once: the first 20 on the waitlist move up, each told once.
    const confirmedIds = (await db().selectFrom('signup').select('volunteerId').where('calloutId', '=', id).where('status', '=', 'confirmed').execute()).map((r) => r.volunteerId);
    const waitlistOrder = (await db().selectFrom('signup').select('volunteerId').where('calloutId', '=', id).where('status', '=', 'waitlisted').orderBy('seq').execute()).map((r) => r.volunteerId);
    await Promise.all(people.filter((p) => confirmedIds.includes(p.userId)).map((p) => cancelSignUp(db(), p, id)));
    const promoted = await db().selectFrom('signup').select(['volunteerId', 'seq']).where('calloutId', '=', id).where('promotedAt', 'is not', null).orderBy('seq').execute();
    expect(promoted.map((p) => p.volunteerId)).toEqual(waitlistOrder.slice(0, 20));
    expect(await state(id)).toMatchObject({ confirmedCount: 20, status: 'full' });
    const emails = await db().selectFrom('appUser').select('email').where('id', 'in', waitlistOrder.slice(0, 20)).execute();
    const mails = await db().selectFrom('emailOutbox').select(['toAddress', 'subject']).where('subject', '=', '候补转正：敬老院探访').execute();
    expect(mails.map((m) => m.toAddress).sort()).toEqual(emails.map((e) => e.email).sort());
  });

  it('the database refuses more confirmed than places, whatever code tries', async () => {
    const id = await callout({ slots: 1, title: '单人任务' });
    await expect(db().updateTable('callout').set({ confirmedCount: 2 }).where('id', '=', id).execute()).rejects.toThrow(/check/i);
  });
});

describe('signing up', () => {
  it('a double sign-up is one sign-up with a clear message', async () => {
    const id = await callout({ title: '双击测试' });
    const v = await volunteer();
    const api = callerFor(db(), v);
    const [a, b] = await Promise.allSettled([api.callout.signUp({ calloutId: id }), api.callout.signUp({ calloutId: id })]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    const err = await failureOf(api.callout.signUp({ calloutId: id }));
    expect(err.message).toBe('您已报名该任务。');
    expect((await db().selectFrom('signup').select('id').where('calloutId', '=', id).execute()).length).toBe(1);
  });

  it('checks required skills against the profile', async () => {
    const id = await callout({ title: '急救保障', requiredSkills: ['first_aid'] });
    const v = await volunteer();
    const err = await failureOf(callerFor(db(), v).callout.signUp({ calloutId: id }));
    expect(err.message).toBe('该任务需要以下技能：急救。请先在个人资料中补充。');
    await db().updateTable('appUser').set({ skills: ['first_aid'] }).where('id', '=', v.userId).execute();
    expect(await callerFor(db(), v).callout.signUp({ calloutId: id })).toEqual({ status: 'confirmed' });
  });

  it('refuses a second confirmed callout at an overlapping time', async () => {
    const start = Date.now() + 48 * HOUR;
    const a = await callout({ title: '上午巡查', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString() });
    const b = await callout({ title: '重叠活动', startsAt: new Date(start + HOUR).toISOString(), endsAt: new Date(start + 3 * HOUR).toISOString() });
    const v = await volunteer();
    await signUp(db(), v, a);
    const err = await failureOf(callerFor(db(), v).callout.signUp({ calloutId: b }));
    expect(err.message).toBe('您在这段时间已确认参加另一项任务：上午巡查。');
  });

  it('one volunteer claiming two overlapping callouts at the same moment is confirmed for one of them', async () => {
    const start = Date.now() + 72 * HOUR;
    const a = await callout({ title: '同时报名甲', slots: 20, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString() });
    const b = await callout({ title: '同时报名乙', slots: 20, startsAt: new Date(start + HOUR).toISOString(), endsAt: new Date(start + 3 * HOUR).toISOString() });
    const people: Actor[] = [];
    for (let i = 0; i < 10; i++) people.push(await volunteer());
    const outcomes = await Promise.all(people.map((p) => Promise.allSettled([signUp(db(), p, a), signUp(db(), p, b)])));
    for (const pair of outcomes) {
      expect(pair.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([{ status: 'confirmed' }]);
      expect(pair.filter((o) => o.status === 'rejected').map((o) => (o.reason as DomainError).code)).toEqual(['OVERLAPPING_SIGNUP']);
    }
    const counts = await db().selectFrom('callout').select('confirmedCount').where('id', 'in', [a, b]).execute();
    expect(counts.reduce((n, c) => n + c.confirmedCount, 0)).toBe(10);
  });

  it('a promotion and a sign-up of the same volunteer at the same moment do not both confirm overlapping callouts', async () => {
    const start = Date.now() + 120 * HOUR;
    const times = (offset: number) => ({ startsAt: new Date(start + offset).toISOString(), endsAt: new Date(start + offset + 2 * HOUR).toISOString() });
    const other = await callout({ title: '同时段另一项', slots: 20, ...times(HOUR) });
    const pairs: { id: string; leaving: Actor; waiting: Actor }[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await callout({ title: `单人岗位${i + 1}`, slots: 1, ...times(0) });
      const [leaving, waiting] = [await volunteer(), await volunteer()];
      await signUp(db(), leaving, id);
      expect(await signUp(db(), waiting, id)).toEqual({ status: 'waitlisted' });
      pairs.push({ id, leaving, waiting });
    }
    await Promise.allSettled(pairs.flatMap((p) => [cancelSignUp(db(), p.leaving, p.id), signUp(db(), p.waiting, other)]));
    for (const p of pairs) {
      const confirmed = await db().selectFrom('signup').select('calloutId').where('volunteerId', '=', p.waiting.userId).where('status', '=', 'confirmed').execute();
      expect(confirmed.length).toBe(1);
    }
  });

  it('a clash does not stop a place on the waitlist, and a place left free while a busy volunteer waits goes to the next', async () => {
    const start = Date.now() + 96 * HOUR;
    const times = (offset: number) => ({ startsAt: new Date(start + offset).toISOString(), endsAt: new Date(start + offset + 2 * HOUR).toISOString() });
    const mine = await callout({ title: '已确认的', ...times(0) });
    const single = await callout({ title: '单个名额', slots: 1, ...times(HOUR) });
    const [busy, first, next] = [await volunteer(), await volunteer(), await volunteer()];
    await signUp(db(), first, single);
    await signUp(db(), busy, mine);
    expect(await signUp(db(), busy, single)).toEqual({ status: 'waitlisted' });
    expect(await cancelSignUp(db(), first, single)).toEqual({ late: false, promoted: false });
    expect(await state(single)).toMatchObject({ status: 'open', confirmedCount: 0 });
    expect(await signUp(db(), next, single)).toEqual({ status: 'confirmed' });
    expect(await state(single)).toMatchObject({ status: 'full', confirmedCount: 1 });
  });

  it('refuses after the deadline, and for a callout of another community (which it does not reveal)', async () => {
    const id = await callout({ title: '快截止', signupDeadline: new Date(Date.now() + 1000).toISOString() });
    await db().updateTable('callout').set({ signupDeadline: sql`now() - interval '1 minute'` }).where('id', '=', id).execute();
    const v = await volunteer();
    expect((await failureOf(callerFor(db(), v).callout.signUp({ calloutId: id }))).message).toBe('报名已截止。');
    const stranger = await makeUser(db(), 'volunteer', unit('枫林社区'));
    const err = await failureOf(callerFor(db(), stranger).callout.signUp({ calloutId: id }));
    expect(err.status).toBe(404);
  });

  it('a cancellation after the cancel deadline is recorded as late', async () => {
    const id = await callout({ title: '迟取消' });
    const v = await volunteer();
    await signUp(db(), v, id);
    await db().updateTable('callout').set({ cancelDeadline: sql`now() - interval '1 minute'` }).where('id', '=', id).execute();
    expect(await cancelSignUp(db(), v, id)).toEqual({ late: true, promoted: false });
    const row = await db().selectFrom('signup').select(['status', 'cancelledLate']).where('calloutId', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'cancelled', cancelledLate: true });
  });
});
