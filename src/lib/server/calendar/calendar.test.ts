import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { signUp } from '../callout/service/sign-up';
import { cancelCallout, createCallout } from '../callout/service/manage';
import { feedItems, feedOwner } from './feed';
import { toIcs } from './ics';

const world = useCalloutWorld();
const DAY = 86400_000;
const soon = (days: number) => new Date(Date.now() + days * DAY);
const nextWeeks = { from: soon(-1).toISOString(), to: soon(30).toISOString() };

describe('calendar range', () => {
  it('a volunteer sees themes, public events and callouts in reach; their own sign-ups as their own', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const mine = await openCallout(world.db(), world.gridWorker(), world.unit('湖滨社区/第一网格'), { title: '我报名的任务' });
    const other = await openCallout(world.db(), world.gridWorker(), world.unit('湖滨社区/第一网格'), { title: '别人的任务' });
    await signUp(world.db(), volunteer, mine);
    const neighbour = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    await signUp(world.db(), neighbour, other);
    const farWorker = await makeUser(world.db(), 'grid_worker', world.unit('西山社区/第一网格'));
    await openCallout(world.db(), farWorker, world.unit('西山社区/第一网格'), { title: '远处的任务' });
    await createCallout(world.db(), world.gridWorker(), { ...(await draftFields()), title: '草稿任务' });

    const items = await callerFor(world.db(), volunteer).calendar.range(nextWeeks);
    const byTitle = (title: string) => items.filter((i) => i.title === title);
    expect(byTitle('我报名的任务')).toEqual([expect.objectContaining({ kind: 'signup', status: 'confirmed', href: `/callouts/${mine}` })]);
    // Someone else's sign-up is just a callout to this volunteer: nobody sees another person's items.
    expect(byTitle('别人的任务')).toEqual([expect.objectContaining({ kind: 'callout' })]);
    expect(byTitle('远处的任务')).toEqual([]);
    expect(byTitle('草稿任务')).toEqual([]);
    // The grid worker who runs the grid sees the draft.
    const managed = await callerFor(world.db(), world.gridWorker()).calendar.range(nextWeeks);
    expect(managed.filter((i) => i.title === '草稿任务')).toHaveLength(1);
  });

  it('themes are whole days in Shanghai time; March shows 学雷锋志愿服务月', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const march = await callerFor(world.db(), volunteer).calendar.range({ from: '2027-02-28T16:00:00.000Z', to: '2027-04-11T16:00:00.000Z', kinds: ['theme'] });
    expect(march).toContainEqual(expect.objectContaining({ kind: 'theme', title: '学雷锋志愿服务月', start: '2027-03-01', end: '2027-04-01', allDay: true }));
  });

  it('filters by kind, category and unit; a unit out of view is not found', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    await openCallout(world.db(), world.gridWorker(), world.unit('湖滨社区/第一网格'), { title: '助老上门', category: 'elderly' });
    const caller = callerFor(world.db(), volunteer);
    const elderly = await caller.calendar.range({ ...nextWeeks, category: 'elderly' });
    expect(elderly.length).toBeGreaterThan(0);
    expect(elderly.every((i) => i.category === 'elderly')).toBe(true);
    const onlyThemes = await caller.calendar.range({ ...nextWeeks, kinds: ['theme'] });
    expect(onlyThemes.every((i) => i.kind === 'theme')).toBe(true);
    const inGrid = await caller.calendar.range({ ...nextWeeks, unitId: world.unit('湖滨社区/第一网格').id, kinds: ['callout'] });
    expect(inGrid.some((i) => i.title === '助老上门')).toBe(true);
    expect((await failureOf(caller.calendar.range({ ...nextWeeks, unitId: world.unit('西山社区').id }))).status).toBe(404);
  });

  it('a range longer than two months is refused in the caller’s language', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const failure = await failureOf(callerFor(world.db(), volunteer).calendar.range({ from: soon(0).toISOString(), to: soon(90).toISOString() }));
    expect(failure).toMatchObject({ status: 400, code: 'VALIDATION' });
    expect(failure.fields?.to).toBe('时间范围有误：结束须晚于开始，且一次最多查看 62 天');
  });
});

describe('private iCalendar feed', () => {
  it('holds the person’s own items and parses back: zone, UIDs, tentative and cancelled', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const confirmed = await openCallout(world.db(), world.gridWorker(), world.unit('湖滨社区/第一网格'), { title: '确认的任务' });
    const tight = await openCallout(world.db(), world.gridWorker(), world.unit('湖滨社区/第一网格'), { title: '候补的任务', slots: 1, startsAt: soon(3).toISOString(), endsAt: new Date(soon(3).getTime() + 3600_000).toISOString() });
    const calledOff = await openCallout(world.db(), world.gridWorker(), world.unit('湖滨社区/第一网格'), { title: '取消的任务', startsAt: soon(5).toISOString(), endsAt: new Date(soon(5).getTime() + 3600_000).toISOString() });
    await signUp(world.db(), volunteer, confirmed);
    await signUp(world.db(), await makeUser(world.db(), 'volunteer', world.unit('湖滨社区')), tight);
    await signUp(world.db(), volunteer, tight);
    await signUp(world.db(), volunteer, calledOff);
    await cancelCallout(world.db(), world.gridWorker(), calledOff);

    const text = toIcs('网格通', await feedItems(world.db(), volunteer.userId, 'https://portal.example.cn'));
    const calendar = new ICAL.Component(ICAL.parse(text));
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    expect(zone.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    ICAL.TimezoneService.register(zone);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const byTitle = Object.fromEntries(events.map((e) => [e.summary, e]));
    expect(Object.keys(byTitle).sort()).toEqual(['候补的任务', '取消的任务', '确认的任务'].sort());
    const first = byTitle['确认的任务']!;
    expect(first.uid).toBe(`callout-${confirmed}@gridcall.cn`);
    expect(first.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
    // The local wall time converts back to the stored instant.
    const stored = await world.db().selectFrom('callout').select('startsAt').where('id', '=', confirmed).executeTakeFirstOrThrow();
    expect(first.startDate.toJSDate().getTime()).toBe(Math.floor(stored.startsAt.getTime() / 1000) * 1000);
    expect(byTitle['候补的任务']!.component.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(byTitle['取消的任务']!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(first.component.getFirstProperty('dtstamp')?.getFirstValue()?.toString()).toMatch(/Z$/);
    expect(first.component.getFirstPropertyValue('url')).toBe(`https://portal.example.cn/callouts/${confirmed}`);
  });

  it('making a new address revokes the old one; a forged or unknown token has no owner', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const caller = callerFor(world.db(), volunteer);
    expect(await caller.calendar.feed()).toBeNull();
    const first = await caller.calendar.regenerateFeed();
    expect(await caller.calendar.feed()).toMatchObject({ path: first.path });
    const tokenOf = (path: string) => path.replace('/calendar/feed/', '').replace(/\.ics$/, '');
    expect(await feedOwner(world.db(), tokenOf(first.path))).toBe(volunteer.userId);
    const second = await caller.calendar.regenerateFeed();
    expect(second.path).not.toBe(first.path);
    expect(await feedOwner(world.db(), tokenOf(first.path))).toBeUndefined();
    expect(await feedOwner(world.db(), tokenOf(second.path))).toBe(volunteer.userId);
    const other = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const forged = tokenOf(second.path).replace(volunteer.userId, other.userId);
    expect(await feedOwner(world.db(), forged)).toBeUndefined();
    expect(await feedOwner(world.db(), 'nonsense')).toBeUndefined();
  });
});

async function draftFields() {
  const start = soon(2).getTime();
  return {
    gridId: world.unit('湖滨社区/第一网格').id, title: '草稿', description: '', category: 'patrol' as const, urgency: 'normal' as const, place: '社区广场',
    startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), slots: 3, requiredSkills: [], teamSlots: 0
  };
}
