import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import { callerFor, failureOf, makeUser } from '../../testing/factories';
import { openCallout } from '../../testing/callouts';
import { useCalloutWorld } from '../../testing/callout-world';
import { advanceCallouts } from '../scheduler';
import { signUp } from './sign-up';
import { minutesOnSite } from './attendance';

const { db, unit, gridWorker } = useCalloutWorld();

/** A callout that started 10 minutes ago and ends in 50, with these volunteers confirmed. */
async function liveCallout(volunteers: Actor[], title = '现场报到') {
  const id = await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title });
  for (const v of volunteers) await signUp(db(), v, id);
  await db()
    .updateTable('callout')
    .set({ startsAt: sql`now() - interval '10 minutes'`, endsAt: sql`now() + interval '50 minutes'`, signupDeadline: sql`now() - interval '10 minutes'`, cancelDeadline: sql`now() - interval '130 minutes'` })
    .where('id', '=', id)
    .execute();
  return id;
}
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
