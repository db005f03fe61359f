import { describe, expect, it } from 'vitest';
import { callerFor, failureOf, makeUser } from '../../testing/factories';
import { openCallout } from '../../testing/callouts';
import { useCalloutWorld } from '../../testing/callout-world';
import { signUp } from './sign-up';

const { db, unit, gridWorker } = useCalloutWorld();
const DAY = 86400_000;

const fields = (title: string) => ({
  gridId: unit('湖滨社区/第一网格').id, title, category: 'policy' as const, place: '社区服务中心', slots: 3,
  startsAt: new Date(Date.now() + DAY).toISOString(), endsAt: new Date(Date.now() + DAY + 7200_000).toISOString()
});

describe('managing callouts', () => {
  it('a draft can be edited; once published it cannot', async () => {
    const api = callerFor(db(), gridWorker());
    const { id } = await api.callout.create(fields('防诈骗宣传'));
    await api.callout.update({ calloutId: id, fields: { ...fields('防诈骗宣传进小区'), slots: 6 } });
    expect(await db().selectFrom('callout').select(['title', 'slots']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ title: '防诈骗宣传进小区', slots: 6 });
    await api.callout.publish({ calloutId: id });
    expect((await failureOf(api.callout.update({ calloutId: id, fields: fields('改不了') }))).message).toBe('该任务已发布或已结束，不能再修改。');
    expect(await db().selectFrom('callout').select(['title', 'slots', 'status']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ title: '防诈骗宣传进小区', slots: 6, status: 'open' });
  });

  it('a completed callout refuses edits with a message, and nothing about it changes', async () => {
    const api = callerFor(db(), gridWorker());
    const id = await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title: '已完成的巡查', slots: 4 });
    // Started an hour ago, then closed out.
    await db().updateTable('callout').set({ startsAt: new Date(Date.now() - 3600_000), signupDeadline: new Date(Date.now() - 3600_000), cancelDeadline: new Date(Date.now() - 3 * 3600_000) }).where('id', '=', id).execute();
    await api.callout.complete({ calloutId: id, result: '巡查完毕' });
    const before = await db().selectFrom('callout').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const err = await failureOf(api.callout.update({ calloutId: id, fields: { ...fields('改个标题'), slots: 9 } }));
    expect(err).toMatchObject({ code: 'CALLOUT_NOT_EDITABLE', message: '该任务已发布或已结束，不能再修改。' });
    expect(await db().selectFrom('callout').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toEqual(before);
    expect(await db().selectFrom('auditLog').select('action').where('targetId', '=', id).where('action', '=', 'callout.update').execute()).toEqual([]);
    // Everyone who can see it reads the filed result.
    const neighbour = await makeUser(db(), 'volunteer', unit('湖滨社区'));
    expect(await callerFor(db(), neighbour).callout.get({ calloutId: id })).toMatchObject({ status: 'completed', result: '巡查完毕' });
  });

  it('an event ending before it starts is refused and nothing is stored', async () => {
    const f = fields('时间颠倒');
    const err = await failureOf(callerFor(db(), gridWorker()).callout.create({ ...f, endsAt: new Date(Date.now() + DAY - 3600_000).toISOString() }));
    expect(err.message).toBe('时间有误：结束须晚于开始，报名截止不晚于结束，取消截止不晚于开始。');
    expect(await db().selectFrom('callout').select('id').where('title', '=', '时间颠倒').execute()).toEqual([]);
  });

  it('cancelling tells everyone signed up; a cancelled callout takes no sign-ups', async () => {
    const id = await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title: '取消的活动', slots: 1 });
    const a = await makeUser(db(), 'volunteer', unit('湖滨社区'), { email: 'a-cancel@example.cn' });
    const b = await makeUser(db(), 'volunteer', unit('湖滨社区'), { email: 'b-cancel@example.cn' });
    await signUp(db(), a, id);
    await signUp(db(), b, id);
    expect(await callerFor(db(), gridWorker()).callout.cancel({ calloutId: id })).toEqual({ status: 'cancelled', told: 2 });
    const mails = await db().selectFrom('emailOutbox').select('toAddress').where('subject', '=', '任务取消：取消的活动').execute();
    expect(mails.map((m) => m.toAddress).sort()).toEqual(['a-cancel@example.cn', 'b-cancel@example.cn']);
    const c = await makeUser(db(), 'volunteer', unit('湖滨社区'));
    expect((await failureOf(callerFor(db(), c).callout.signUp({ calloutId: id }))).message).toBe('该任务当前不接受报名。');
  });

  it('another grid worker cannot touch this grid', async () => {
    const other = await makeUser(db(), 'grid_worker', unit('湖滨社区/第二网格'));
    const id = await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title: '别人的任务' });
    expect((await failureOf(callerFor(db(), other).callout.cancel({ calloutId: id }))).status).toBe(404);
  });
});
