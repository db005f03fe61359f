import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { liveCallout as startedCallout } from '../testing/callouts';
import { useCalloutWorld } from '../testing/callout-world';

// Guards around a callout seen from outside: what a volunteer of another street learns, how many
// site codes can be tried, when a callout or event may start, and the negative list at every step.

const { db, unit, gridWorker } = useCalloutWorld();
const HOUR = 3600_000;
const MINUTE = 60_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

const liveCallout = (volunteers: Actor[], title: string) => startedCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), volunteers, { title, slots: 40 });
const neighbour = () => makeUser(db(), 'volunteer', unit('湖滨社区'));
const codeOf = async (id: string) => (await callerFor(db(), gridWorker()).callout.siteCode({ calloutId: id })).code;
/** The real code with its last digit changed: what a mistyping (or guessing) volunteer sends. */
const offByOne = (code: string) => code.slice(0, -1) + ((Number(code.at(-1)) + 1) % 10);
const checkedIn = async (calloutId: string, v: Actor) =>
  (await db().selectFrom('signup').select('checkedInAt').where('calloutId', '=', calloutId).where('volunteerId', '=', v.userId).executeTakeFirstOrThrow()).checkedInAt !== null;

describe('a callout out of reach', () => {
  it('answers a volunteer of another street exactly as an id that was never issued, for every action on it', async () => {
    const far = await makeUser(db(), 'volunteer', unit('西山社区'));
    const local = await neighbour();
    const real = await liveCallout([local], '湖滨社区现场服务');
    const api = callerFor(db(), far);
    const actions = {
      cancelSignUp: (calloutId: string) => api.callout.cancelSignUp({ calloutId }),
      checkIn: (calloutId: string) => api.callout.checkIn({ calloutId, code: '123456' }),
      checkOut: (calloutId: string) => api.callout.checkOut({ calloutId, code: '123456' }),
      rate: (calloutId: string) => api.callout.rate({ calloutId, stars: 5 }),
      signUp: (calloutId: string) => api.callout.signUp({ calloutId }),
      get: (calloutId: string) => api.callout.get({ calloutId })
    };
    for (const [name, act] of Object.entries(actions)) {
      const forReal = await failureOf(act(real));
      const madeUp = await failureOf(act(randomUUID()));
      expect(forReal, name).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect({ ...forReal, requestId: undefined }, name).toEqual({ ...madeUp, requestId: undefined });
    }
    // A draft of one's own street is just as absent for a volunteer.
    const { id: draft } = await callerFor(db(), gridWorker()).callout.create({
      gridId: unit('湖滨社区/第一网格').id, title: '还在准备的任务', category: 'other', place: '社区', slots: 2, startsAt: at(24 * HOUR), endsAt: at(26 * HOUR)
    });
    expect(await failureOf(callerFor(db(), local).callout.cancelSignUp({ calloutId: draft }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await checkedIn(real, local)).toBe(false);
  });
});

describe('wrong site codes', () => {
  it('five wrong tries lock this volunteer out of this callout for 10 minutes, said in words; others go on', async () => {
    const [v, other] = [await neighbour(), await neighbour()];
    const id = await liveCallout([v, other], '错码限次');
    const api = callerFor(db(), v, 'zh-CN', '10.9.0.1');
    for (let i = 1; i <= 5; i++) expect((await failureOf(api.callout.checkIn({ calloutId: id, code: offByOne(await codeOf(id)) }))).code, `try ${i}`).toBe('WRONG_CODE');
    // Now even the right code is refused, and nothing is recorded.
    const locked = await failureOf(api.callout.checkIn({ calloutId: id, code: await codeOf(id) }));
    expect(locked).toMatchObject({ status: 429, code: 'SITE_CODE_LOCKED' });
    expect(locked.message).toMatch(/^报到码输错次数过多，请 (9|10) 分钟后再试，或请现场网格员为您手动报到。$/);
    expect(await checkedIn(id, v)).toBe(false);
    // The volunteer next to them, on the same Wi-Fi, checks in.
    await callerFor(db(), other, 'zh-CN', '10.9.0.1').callout.checkIn({ calloutId: id, code: await codeOf(id) });
    expect(await checkedIn(id, other)).toBe(true);
    // The grid worker can still check the locked-out volunteer in by hand.
    const signup = await db().selectFrom('signup').select('id').where('calloutId', '=', id).where('volunteerId', '=', v.userId).executeTakeFirstOrThrow();
    await callerFor(db(), gridWorker()).callout.manualCheckIn({ signupId: signup.id, reason: '报到码输错，现场核对身份' });
    expect(await checkedIn(id, v)).toBe(true);
    // In English too.
    const english = await failureOf(callerFor(db(), v, 'en', '10.9.0.1').callout.checkOut({ calloutId: id, code: await codeOf(id) }), 'en');
    expect(english.message).toMatch(/too many wrong codes/i);
  });

  it('four wrong tries and then the right code checks in, and the count starts again', async () => {
    const v = await neighbour();
    const id = await liveCallout([v], '错四次');
    const api = callerFor(db(), v, 'zh-CN', '10.9.1.1');
    for (let i = 0; i < 4; i++) expect((await failureOf(api.callout.checkIn({ calloutId: id, code: offByOne(await codeOf(id)) }))).code).toBe('WRONG_CODE');
    await api.callout.checkIn({ calloutId: id, code: await codeOf(id) });
    expect(await checkedIn(id, v)).toBe(true);
    for (let i = 0; i < 4; i++) expect((await failureOf(api.callout.checkOut({ calloutId: id, code: offByOne(await codeOf(id)) }))).code).toBe('WRONG_CODE');
    await db().updateTable('signup').set({ checkedInAt: sql`now() - interval '9 minutes'` }).where('calloutId', '=', id).where('volunteerId', '=', v.userId).execute();
    expect((await api.callout.checkOut({ calloutId: id, code: await codeOf(id) })).minutes).toBe(9);
  });

  it('one address gets 50 wrong tries across all volunteers, then waits; another address does not', async () => {
    const crowd = await Promise.all(Array.from({ length: 13 }, () => neighbour()));
    const late = await neighbour();
    const id = await liveCallout([...crowd, late], '同一地址猜码');
    let wrong = 0;
    // Four each, so no volunteer reaches their own limit of five.
    for (const v of crowd) {
      for (let i = 0; i < 4 && wrong < 50; i++, wrong++) {
        expect((await failureOf(callerFor(db(), v, 'zh-CN', '10.9.2.1').callout.checkIn({ calloutId: id, code: offByOne(await codeOf(id)) }))).code).toBe('WRONG_CODE');
      }
    }
    expect(wrong).toBe(50);
    const fromThere = await failureOf(callerFor(db(), late, 'zh-CN', '10.9.2.1').callout.checkIn({ calloutId: id, code: await codeOf(id) }));
    expect(fromThere).toMatchObject({ status: 429, code: 'SITE_CODE_LOCKED' });
    await callerFor(db(), late, 'zh-CN', '10.9.2.2').callout.checkIn({ calloutId: id, code: await codeOf(id) });
    expect(await checkedIn(id, late)).toBe(true);
  });

  it('a burst of wrong codes at once is counted in full: no more than five are answered "wrong"', async () => {
    const v = await neighbour();
    const id = await liveCallout([v], '并发猜码');
    const wrong = offByOne(await codeOf(id));
    const answers = await Promise.all(Array.from({ length: 20 }, () => failureOf(callerFor(db(), v, 'zh-CN', '10.9.3.1').callout.checkIn({ calloutId: id, code: wrong }))));
    const codes = answers.map((a) => a.code);
    expect(codes.filter((c) => c === 'WRONG_CODE')).toHaveLength(5);
    expect(codes.filter((c) => c === 'SITE_CODE_LOCKED')).toHaveLength(15);
  });

  it('stores nothing that names a code', async () => {
    const v = await neighbour();
    const id = await liveCallout([v], '不记码');
    const tried = offByOne(await codeOf(id));
    await failureOf(callerFor(db(), v, 'zh-CN', '10.9.4.1').callout.checkIn({ calloutId: id, code: tried }));
    const rows = JSON.stringify(await db().selectFrom('loginThrottle').selectAll().execute());
    expect(rows).toContain(v.userId);
    expect(rows).not.toContain(tried);
  });
});

describe('when a callout or an event may start', () => {
  const fields = (title: string, startsIn: number) => ({
    gridId: unit('湖滨社区/第一网格').id, title, category: 'other' as const, place: '社区服务中心', slots: 3,
    startsAt: at(startsIn), endsAt: at(startsIn + 2 * HOUR), cancelDeadline: at(startsIn - MINUTE), signupDeadline: at(startsIn)
  });
  const stored = (title: string) => db().selectFrom('callout').select(['id', 'status', 'startsAt']).where('title', '=', title).execute();

  it('a new callout cannot start in the past (1900 included); one started a few minutes ago, typed as "now", can', async () => {
    const api = callerFor(db(), gridWorker());
    const old = await failureOf(api.callout.create({ ...fields('百年前的任务', 0), startsAt: '1900-01-01T00:00:00Z', cancelDeadline: '1900-01-01T00:00:00Z', signupDeadline: '1900-01-01T00:00:00Z' }));
    expect(old).toMatchObject({ status: 400, code: 'START_IN_PAST', fields: { startsAt: '开始时间已经过去，请改为现在或以后的时间。' } });
    expect((await failureOf(api.callout.create(fields('昨天的任务', -24 * HOUR)))).code).toBe('START_IN_PAST');
    expect((await failureOf(api.callout.create(fields('一小时前的任务', -HOUR)))).code).toBe('START_IN_PAST');
    expect(await stored('百年前的任务')).toEqual([]);
    expect(await stored('昨天的任务')).toEqual([]);
    const { id } = await api.callout.create({ ...fields('刚刚开始的紧急任务', -3 * MINUTE), urgency: 'urgent' });
    await api.callout.publish({ calloutId: id });
    expect((await stored('刚刚开始的紧急任务'))[0]!.status).toBe('open');
  });

  it('a draft cannot be moved into the past, and a draft whose start passed while it waited is not published', async () => {
    const api = callerFor(db(), gridWorker());
    const { id } = await api.callout.create(fields('等待发布的草稿', 24 * HOUR));
    expect((await failureOf(api.callout.update({ calloutId: id, fields: fields('等待发布的草稿', -2 * HOUR) }))).code).toBe('START_IN_PAST');
    expect((await stored('等待发布的草稿'))[0]!.startsAt.getTime()).toBeGreaterThan(Date.now());
    // Time passes: the draft's start is now an hour ago, its end an hour ahead.
    await db().updateTable('callout').set({ startsAt: sql`now() - interval '1 hour'`, endsAt: sql`now() + interval '1 hour'`, signupDeadline: sql`now() - interval '1 hour'`, cancelDeadline: sql`now() - interval '2 hours'` }).where('id', '=', id).execute();
    const late = await failureOf(api.callout.publish({ calloutId: id }));
    expect(late).toMatchObject({ code: 'CALLOUT_START_PASSED', message: '该草稿的开始时间已经过去，不能发布。请编辑草稿，把开始时间改为现在或以后。' });
    expect((await stored('等待发布的草稿'))[0]!.status).toBe('draft');
  });

  it('a new event cannot start in the past; an event may not be moved there, but one under way keeps its start', async () => {
    const admin = await makeUser(db(), 'admin', unit('东湖街道'));
    const api = callerFor(db(), admin);
    const event = (title: string, startsIn: number) => ({ unitId: unit('东湖街道').id, title, place: '东湖广场', startsAt: at(startsIn), endsAt: at(startsIn + 3 * HOUR) });
    const old = await failureOf(api.event.create({ ...event('百年庆典', 0), startsAt: '1900-01-01T00:00:00Z', endsAt: '1900-01-01T03:00:00Z' }));
    expect(old).toMatchObject({ status: 400, code: 'START_IN_PAST' });
    expect(await db().selectFrom('event').select('id').where('title', '=', '百年庆典').execute()).toEqual([]);
    const { eventId: id } = await api.event.create(event('学雷锋广场活动', 24 * HOUR));
    const moved = await failureOf(api.event.update({ eventId: id, fields: event('学雷锋广场活动', -24 * HOUR) }));
    expect(moved, JSON.stringify(moved)).toMatchObject({ code: 'START_IN_PAST' });
    // Under way: started an hour ago; editing its place keeps that start and is allowed.
    const started = new Date(Date.now() - HOUR);
    await db().updateTable('event').set({ startsAt: started }).where('id', '=', id).execute();
    await api.event.update({ eventId: id, fields: { ...event('学雷锋广场活动', 0), place: '东湖广场北侧', startsAt: started.toISOString() } });
    expect(await db().selectFrom('event').select(['place']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ place: '东湖广场北侧' });
  });
});

describe('the negative list at every step', () => {
  const fields = (title: string, description = '') => ({
    gridId: unit('湖滨社区/第一网格').id, title, description, category: 'other' as const, place: '社区', slots: 2, startsAt: at(24 * HOUR), endsAt: at(26 * HOUR)
  });

  it('editing a draft into a forbidden task is refused and the draft stays as it was', async () => {
    const api = callerFor(db(), gridWorker());
    const { id } = await api.callout.create(fields('邻里纠纷调解宣传'));
    const refused = await failureOf(api.callout.update({ calloutId: id, fields: fields('邻里纠纷调解宣传', '顺便上门催收物业费') }));
    expect(refused).toMatchObject({ code: 'NEGATIVE_LIST', message: '根据负面清单，志愿者不得参与经济纠纷处置（内容中出现“催收”）。请修改后再提交。' });
    expect(await db().selectFrom('callout').select(['description', 'status']).where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ description: '', status: 'draft' });
  });

  it('a term added after a draft was saved stops its publication', async () => {
    const api = callerFor(db(), gridWorker());
    const { id } = await api.callout.create(fields('夜市摊位清场', '协助清理占道摊位'));
    const cityAdmin = await makeUser(db(), 'admin', unit('某市'));
    await callerFor(db(), cityAdmin).callout.addNegativeTerm({ rule: 'law_enforcement', term: '摊位清场' });
    expect(await failureOf(api.callout.publish({ calloutId: id }))).toMatchObject({ code: 'NEGATIVE_LIST' });
    expect((await db().selectFrom('callout').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('draft');
    // Nobody was told about it.
    expect(await db().selectFrom('calloutDigestItem').select('calloutId').where('calloutId', '=', id).execute()).toEqual([]);
  });
});
