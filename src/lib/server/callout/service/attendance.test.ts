import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import { callerFor, failureOf, makeUser } from '../../testing/factories';
import { liveCallout as startedCallout, openCallout } from '../../testing/callouts';
import { useCalloutWorld } from '../../testing/callout-world';
import { advanceCallouts } from '../scheduler';
import { signUp } from './sign-up';
import { minutesOnSite } from './attendance';

const { db, unit, gridWorker } = useCalloutWorld();

const liveCallout = (volunteers: Actor[], title = '现场报到') => startedCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), volunteers, { title });
const volunteer = () => makeUser(db(), 'volunteer', unit('湖滨社区'));
const codeOf = async (id: string) => (await callerFor(db(), gridWorker()).callout.siteCode({ calloutId: id })).code;

describe('reporting on site', () => {
  it('checks in with the live code, checks out, and the hours are clipped to the callout time', async () => {
    const v = await volunteer();
    const id = await liveCallout([v]);
    const api = callerFor(db(), v);
    await api.callout.checkIn({ calloutId: id, code: await codeOf(id) });
    expect((await failureOf(api.callout.checkIn({ calloutId: id, code: await codeOf(id) }))).message).toBe('您已经报到过了。');
    // Checked in "before the start": the ledger counts from the start only.
    await db().updateTable('signup').set({ checkedInAt: sql`now() - interval '40 minutes'` }).where('volunteerId', '=', v.userId).execute();
    const out = await api.callout.checkOut({ calloutId: id, code: await codeOf(id) });
    expect(out.minutes).toBe(10);
    const ledger = await db().selectFrom('hoursEntry').select(['minutes', 'kind']).where('volunteerId', '=', v.userId).execute();
    expect(ledger).toEqual([{ minutes: 10, kind: 'recorded' }]);
  });

  it('refuses a wrong code, checking out before checking in, and someone not signed up', async () => {
    const v = await volunteer();
    const id = await liveCallout([v], '错码');
    const api = callerFor(db(), v);
    const good = await codeOf(id);
    const wrong = good === '123456' ? '654321' : '123456';
    expect((await failureOf(api.callout.checkIn({ calloutId: id, code: wrong }))).message).toBe('报到码不正确或已过期，请看现场的最新号码。');
    expect((await failureOf(api.callout.checkOut({ calloutId: id, code: good }))).message).toBe('请先报到，再签退。');
    expect((await failureOf(api.callout.checkIn({ calloutId: id, code: 'abc' }))).fields).toEqual({ code: '请输入 6 位数字报到码' });
    const stranger = await volunteer();
    expect((await failureOf(callerFor(db(), stranger).callout.checkIn({ calloutId: id, code: good }))).message).toBe('您没有报名该任务。');
    const row = await db().selectFrom('signup').select('checkedInAt').where('volunteerId', '=', v.userId).executeTakeFirstOrThrow();
    expect(row.checkedInAt).toBeNull();
  });

  it('the grid worker checks someone in by hand, with a reason that is audited', async () => {
    const v = await volunteer();
    const id = await liveCallout([v], '手工报到');
    const signup = await db().selectFrom('signup').select('id').where('calloutId', '=', id).executeTakeFirstOrThrow();
    const api = callerFor(db(), gridWorker());
    expect((await failureOf(api.callout.manualCheckIn({ signupId: signup.id, reason: '' }))).status).toBe(400);
    await api.callout.manualCheckIn({ signupId: signup.id, reason: '手机没电，现场核对身份证' });
    const row = await db().selectFrom('signup').select(['checkinMethod', 'checkinReason', 'checkinBy']).where('id', '=', signup.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ checkinMethod: 'manual', checkinReason: '手机没电，现场核对身份证', checkinBy: gridWorker().userId });
    const audit = await db().selectFrom('auditLog').select('action').where('targetId', '=', signup.id).execute();
    expect(audit).toEqual([{ action: 'callout.manual_check_in' }]);
  });

  it('after the end, the grid worker records both times for someone who came; clipped, audited, no longer a no-show', async () => {
    const v = await volunteer();
    const id = await liveCallout([v], '补录考勤');
    const signup = await db().selectFrom('signup').select('id').where('calloutId', '=', id).executeTakeFirstOrThrow();
    // Ended a minute ago after an hour; the clock has marked the volunteer a no-show.
    await db().updateTable('callout').set({ startsAt: sql`now() - interval '61 minutes'`, endsAt: sql`now() - interval '1 minute'` }).where('id', '=', id).execute();
    await advanceCallouts(db());
    const { startsAt, endsAt } = await db().selectFrom('callout').select(['startsAt', 'endsAt']).where('id', '=', id).executeTakeFirstOrThrow();
    const api = callerFor(db(), gridWorker());
    const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000).toISOString();

    const missing = await failureOf(api.callout.manualCheckIn({ signupId: signup.id, reason: '到场但手机没电' }));
    expect(missing.fields).toEqual({ checkedInAt: '任务已结束，请填写报到和签退时间。', checkedOutAt: '任务已结束，请填写报到和签退时间。' });
    const backwards = await failureOf(api.callout.manualCheckIn({ signupId: signup.id, reason: '到场但手机没电', checkedInAt: at(startsAt, 30), checkedOutAt: at(startsAt, 20) }));
    expect(backwards.fields).toEqual({ checkedOutAt: '签退时间不能早于报到时间。' });
    expect(await db().selectFrom('signup').select(['checkedInAt', 'noShow']).where('id', '=', signup.id).executeTakeFirstOrThrow()).toEqual({ checkedInAt: null, noShow: true });

    // Came 20 minutes early and stayed 10 minutes past the end: only the callout's hour counts.
    const done = await api.callout.manualCheckIn({ signupId: signup.id, reason: '到场但手机没电', checkedInAt: at(startsAt, -20), checkedOutAt: at(endsAt, 10) });
    expect(done.minutes).toBe(60);
    const row = await db().selectFrom('signup').select(['checkedInAt', 'checkedOutAt', 'checkinMethod', 'checkinReason', 'noShow']).where('id', '=', signup.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ checkedInAt: startsAt, checkedOutAt: endsAt, checkinMethod: 'manual', checkinReason: '到场但手机没电', noShow: false });
    expect(await db().selectFrom('hoursEntry').select(['minutes', 'kind', 'enteredBy']).where('signupId', '=', signup.id).execute()).toEqual([
      { minutes: 60, kind: 'recorded', enteredBy: gridWorker().userId }
    ]);
    const audit = await db().selectFrom('auditLog').select(['action', 'detail']).where('targetId', '=', signup.id).execute();
    expect(audit).toEqual([{ action: 'callout.manual_check_in', detail: { reason: '到场但手机没电', checkedInAt: startsAt.toISOString(), checkedOutAt: endsAt.toISOString() } }]);
    // The roster the attendance page reads shows it all.
    const [entry] = await api.callout.roster({ calloutId: id });
    expect(entry).toMatchObject({ checkedInAt: startsAt, checkedOutAt: endsAt, noShow: false, recorded: 60, current: { minutes: 60, kind: 'recorded', reason: null } });
    expect((await failureOf(api.callout.manualCheckIn({ signupId: signup.id, reason: '再补一次', checkedInAt: at(startsAt, 0), checkedOutAt: at(startsAt, 5) }))).message).toBe('您已经报到过了。');
  });

  it('by hand during the callout: times are optional, none may lie in the future', async () => {
    const [a, b] = [await volunteer(), await volunteer()];
    const id = await liveCallout([a, b], '现场补录');
    const [sa, sb] = await Promise.all([a, b].map(async (v) => (await db().selectFrom('signup').select('id').where('volunteerId', '=', v.userId).where('calloutId', '=', id).executeTakeFirstOrThrow()).id));
    const api = callerFor(db(), gridWorker());
    const soon = new Date(Date.now() + 20 * 60_000).toISOString();
    expect((await failureOf(api.callout.manualCheckIn({ signupId: sa!, reason: '无法扫码', checkedInAt: soon }))).fields).toEqual({ checkedInAt: '时间不能晚于现在。' });
    const tenAgo = new Date(Date.now() - 10 * 60_000 + 5_000).toISOString();
    const fiveAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    expect(await api.callout.manualCheckIn({ signupId: sa!, reason: '无法扫码', checkedInAt: tenAgo, checkedOutAt: fiveAgo })).toMatchObject({ minutes: 4 });
    const plain = await api.callout.manualCheckIn({ signupId: sb!, reason: '无法扫码' });
    expect(plain).toMatchObject({ checkedOutAt: null, minutes: null });
    expect(await db().selectFrom('hoursEntry').select('signupId').where('calloutId', '=', id).execute()).toEqual([{ signupId: sa }]);
  });

  it('by hand is refused before the callout, and once it is completed or called off; nothing changes', async () => {
    const [early, done, off] = [await volunteer(), await volunteer(), await volunteer()];
    const api = callerFor(db(), gridWorker());
    const signupOf = async (calloutId: string) => (await db().selectFrom('signup').select('id').where('calloutId', '=', calloutId).executeTakeFirstOrThrow()).id;
    const tomorrow = await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title: '明天的任务' });
    await signUp(db(), early, tomorrow);
    expect((await failureOf(api.callout.manualCheckIn({ signupId: await signupOf(tomorrow), reason: '提前登记' }))).message).toBe('现在不是该任务的报到时间。');
    const completed = await liveCallout([done], '已完成的任务');
    await api.callout.complete({ calloutId: completed, result: '已完成' });
    const past = new Date(Date.now() - 5 * 60_000).toISOString();
    expect((await failureOf(api.callout.manualCheckIn({ signupId: await signupOf(completed), reason: '补录', checkedInAt: past, checkedOutAt: past }))).message).toBe('该任务已发布或已结束，不能再修改。');
    const calledOff = await liveCallout([off], '取消的任务');
    await api.callout.cancel({ calloutId: calledOff });
    expect((await failureOf(api.callout.manualCheckIn({ signupId: await signupOf(calledOff), reason: '补录' }))).message).toBe('该任务已发布或已结束，不能再修改。');
    const rows = await db().selectFrom('signup').select('checkedInAt').where('calloutId', 'in', [tomorrow, completed, calledOff]).execute();
    expect(rows).toEqual([{ checkedInAt: null }, { checkedInAt: null }, { checkedInAt: null }]);
    expect(await db().selectFrom('hoursEntry').select('id').where('calloutId', 'in', [tomorrow, completed, calledOff]).execute()).toEqual([]);
  });

  it('after the end, confirmed volunteers who never reported are no-shows', async () => {
    const [came, absent] = [await volunteer(), await volunteer()];
    const id = await liveCallout([came, absent], '缺席');
    await callerFor(db(), came).callout.checkIn({ calloutId: id, code: await codeOf(id) });
    await db().updateTable('callout').set({ endsAt: sql`now() - interval '1 minute'` }).where('id', '=', id).execute();
    await advanceCallouts(db());
    const rows = await db().selectFrom('signup').select(['volunteerId', 'noShow']).where('calloutId', '=', id).execute();
    expect(Object.fromEntries(rows.map((r) => [r.volunteerId, r.noShow]))).toEqual({ [came.userId]: false, [absent.userId]: true });
  });
});

describe('the hours ledger', () => {
  it('confirming and correcting add entries; the ledger itself cannot be edited', async () => {
    const v = await volunteer();
    const id = await liveCallout([v], '工时');
    await callerFor(db(), v).callout.checkIn({ calloutId: id, code: await codeOf(id) });
    await callerFor(db(), v).callout.checkOut({ calloutId: id, code: await codeOf(id) });
    const signup = await db().selectFrom('signup').select('id').where('calloutId', '=', id).executeTakeFirstOrThrow();
    const api = callerFor(db(), gridWorker());
    expect(await api.callout.confirmHours({ signupId: signup.id })).toEqual({ minutes: 0, kind: 'confirmed' });
    expect((await failureOf(api.callout.confirmHours({ signupId: signup.id, minutes: 60 }))).message).toBe('请填写原因。');
    expect(await api.callout.confirmHours({ signupId: signup.id, minutes: 60, reason: '提前到场布置' })).toEqual({ minutes: 60, kind: 'corrected' });
    const ledger = await db().selectFrom('hoursEntry').select(['minutes', 'kind', 'reason']).where('signupId', '=', signup.id).orderBy('seq').execute();
    expect(ledger).toEqual([
      { minutes: 0, kind: 'recorded', reason: null },
      { minutes: 0, kind: 'confirmed', reason: null },
      { minutes: 60, kind: 'corrected', reason: '提前到场布置' }
    ]);
    expect(await callerFor(db(), v).callout.myHours()).toMatchObject({ totalMinutes: 60 });
    await expect(db().updateTable('hoursEntry').set({ minutes: 600 }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('hoursEntry').execute()).rejects.toThrow(/append-only/);
  });

  it('clips to the callout time', () => {
    const c = { startsAt: new Date('2026-03-05T01:00:00Z'), endsAt: new Date('2026-03-05T03:00:00Z') };
    expect(minutesOnSite(c, new Date('2026-03-05T00:30:00Z'), new Date('2026-03-05T04:00:00Z'))).toBe(120);
    expect(minutesOnSite(c, new Date('2026-03-05T01:30:00Z'), new Date('2026-03-05T02:15:30Z'))).toBe(45);
  });
});

describe('closing the loop', () => {
  it('completes with a result; volunteers who took part rate it once, 1 to 5', async () => {
    const v = await volunteer();
    const id = await liveCallout([v], '闭环');
    const vApi = callerFor(db(), v);
    await vApi.callout.checkIn({ calloutId: id, code: await codeOf(id) });
    expect((await failureOf(vApi.callout.rate({ calloutId: id, stars: 5 }))).message).toBe('任务完成后才能评价。');
    const gApi = callerFor(db(), gridWorker());
    await gApi.callout.complete({ calloutId: id, result: '清理垃圾 12 袋，劝导 5 人次。' });
    expect((await failureOf(gApi.callout.complete({ calloutId: id, result: '再次提交' }))).message).toBe('该任务已发布或已结束，不能再修改。');
    expect((await failureOf(vApi.callout.rate({ calloutId: id, stars: 6 }))).status).toBe(400);
    await vApi.callout.rate({ calloutId: id, stars: 4, comment: '组织有序' });
    expect((await failureOf(vApi.callout.rate({ calloutId: id, stars: 5 }))).message).toBe('您已评价过该任务。');
    const rating = await db().selectFrom('calloutRating').select(['stars', 'comment']).where('calloutId', '=', id).execute();
    expect(rating).toEqual([{ stars: 4, comment: '组织有序' }]);
  });
});
