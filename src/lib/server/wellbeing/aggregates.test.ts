import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { recoverable, suppress, type Relation } from './suppression';
import { isoWeekOf, weeksEnding } from './iso-week';

const world = useCalloutWorld();
const db = () => world.db();
const WEEK = '2026-W40';
let admin: Actor;

/** n answers in a community for a week, inserted as mixed rows (unless told) with a WHO-5 score each. */
async function answers(community: string, week: string, scores: number[], mixed = true) {
  await db().insertInto('checkin').values(scores.map((score) => ({
    isoWeek: week, communityId: world.unit(community).id, who5: [0, 0, 0, 0, 0], pss4: [0, 0, 0, 0], burnout: 1, who5Score: score, pss4Score: 8, mixed
  }))).execute();
}

beforeAll(async () => {
  admin = await makeUser(db(), 'admin', world.unit('东湖街道'));
  // Under 东湖街道: 湖滨社区 4 answers, 桃园社区 5, and (in 西山街道, another street) 西山社区 6.
  await answers('湖滨社区', WEEK, [20, 40, 60, 80]);
  await answers('桃园社区', WEEK, [50, 50, 50, 50, 50]);
});

describe('suppression', () => {
  it('a community of 4 is hidden and so is the next smallest, so the street total gives neither away', () => {
    const counts = new Map([['street', 15], ['a', 4], ['b', 5], ['c', 6]]);
    const relations: Relation[] = [{ total: 'street', parts: ['a', 'b', 'c'] }];
    const hidden = suppress(counts, relations);
    expect([...hidden].sort()).toEqual(['a', 'b']);
    expect(recoverable(hidden, relations)).toEqual([]);
  });

  it('a trend with one small week hides a second week, so the period total gives neither away', () => {
    const counts = new Map([['total', 20], ['w1', 6], ['w2', 3], ['w3', 11]]);
    const relations: Relation[] = [{ total: 'total', parts: ['w1', 'w2', 'w3'] }];
    const hidden = suppress(counts, relations);
    expect([...hidden].sort()).toEqual(['w1', 'w2']);
    expect(recoverable(hidden, relations)).toEqual([]);
  });

  it('holds across both directions at once (weeks × communities)', () => {
    // Rows: communities a, b, c and the street s; columns: weeks 1–3 and the period total t.
    const n: Record<string, number[]> = { a: [4, 7, 9], b: [5, 6, 2], c: [6, 8, 10] };
    const counts = new Map<string, number>();
    for (const [u, row] of Object.entries(n)) {
      row.forEach((v, w) => counts.set(`${u}${w}`, v));
      counts.set(`${u}t`, row.reduce((s, v) => s + v, 0));
    }
    for (const w of [0, 1, 2, 't'] as const) counts.set(`s${w}`, ['a', 'b', 'c'].reduce((s, u) => s + counts.get(`${u}${w}`)!, 0));
    const relations: Relation[] = [
      ...['a', 'b', 'c', 's'].map((u) => ({ total: `${u}t`, parts: [0, 1, 2].map((w) => `${u}${w}`) })),
      ...[0, 1, 2, 't'].map((w) => ({ total: `s${w}`, parts: ['a', 'b', 'c'].map((u) => `${u}${w}`) }))
    ];
    const hidden = suppress(counts, relations);
    expect(hidden.has('a0') && hidden.has('b2')).toBe(true);
    expect(recoverable(hidden, relations)).toEqual([]);
  });
});

describe('aggregates', () => {
  it('publish the street and hide both small communities; nothing hidden can be worked out', async () => {
    const result = await callerFor(db(), admin).wellbeing.aggregates({ unitId: world.unit('东湖街道').id, toWeek: WEEK, weeks: 1 });
    expect(result.unit.weeks[0]).toMatchObject({ week: WEEK, suppressed: false, n: 9, who5Mean: Math.round((200 + 250) / 9 * 10) / 10 });
    const byName = Object.fromEntries(result.children.map((c) => [c.unitName, c.weeks[0]]));
    expect(byName['湖滨社区']).toMatchObject({ suppressed: true, n: null, who5Mean: null });
    expect(byName['桃园社区']).toMatchObject({ suppressed: true, n: null, who5Mean: null });
  });

  it('a trend publishes single weeks only, each hidden the same way in every view', async () => {
    const weeks = weeksEnding('2026-W44', 3);
    await answers('桃园社区', weeks[0]!, [60, 60, 60, 60, 60, 60]);
    await answers('桃园社区', weeks[1]!, [70, 70, 70]);
    await answers('桃园社区', weeks[2]!, [80, 80, 80, 80, 80, 80, 80]);
    const caller = callerFor(db(), admin);
    const community = await caller.wellbeing.aggregates({ unitId: world.unit('桃园社区').id, toWeek: weeks[2]!, weeks: 3 });
    expect(community.unit.weeks.map((w) => w.n)).toEqual([6, null, 7]);
    // No sum over weeks is published, so nothing can be subtracted across the trend…
    expect(Object.keys(community.unit)).toEqual(['unitId', 'unitName', 'weeks']);
    // …and the street's view of the same community hides exactly the same cells.
    const street = await caller.wellbeing.aggregates({ unitId: world.unit('东湖街道').id, toWeek: weeks[2]!, weeks: 3 });
    expect(street.children.find((c) => c.unitName === '桃园社区')!.weeks).toEqual(community.unit.weeks);
    const shorter = await caller.wellbeing.aggregates({ unitId: world.unit('桃园社区').id, toWeek: weeks[1]!, weeks: 1 });
    expect(shorter.unit.weeks[0]!.n).toBeNull();
  });

  it('count mixed answers only: unmixed rows and answers still waiting in the pool change nothing', async () => {
    const week = '2026-W30';
    await answers('桃园社区', week, [50, 50, 50, 50, 50]);
    // Unmixed rows of the same community and week (as written before the pool existed), more of them than the mixed ones.
    await answers('桃园社区', week, [10, 10, 10, 10, 10, 10, 10], false);
    const caller = callerFor(db(), admin);
    const community = await caller.wellbeing.aggregates({ unitId: world.unit('桃园社区').id, toWeek: week, weeks: 1 });
    expect(community.unit.weeks[0]).toMatchObject({ suppressed: false, n: 5, who5Mean: 50, pss4Mean: 8 });
    const street = await caller.wellbeing.aggregates({ unitId: world.unit('东湖街道').id, toWeek: week, weeks: 1 });
    expect(street.unit.weeks[0]).toMatchObject({ n: 5, who5Mean: 50 });
    // This week's answers wait sealed in the pool until five of one community are there: not counted either.
    const thisWeek = isoWeekOf(new Date());
    const before = await caller.wellbeing.aggregates({ unitId: world.unit('东湖街道').id, toWeek: thisWeek, weeks: 1 });
    for (const grid of ['桃园社区/第一网格', '湖滨社区/第一网格', '湖滨社区/第二网格']) {
      await callerFor(db(), await makeUser(db(), 'grid_worker', world.unit(grid))).wellbeing.checkIn.submit({ who5: [1, 1, 1, 1, 1], pss4: [1, 1, 1, 1], burnout: 1 });
    }
    expect(await caller.wellbeing.aggregates({ unitId: world.unit('东湖街道').id, toWeek: thisWeek, weeks: 1 })).toEqual(before);
  });

  it('HR sees none of it; admins and counselors only in scope', async () => {
    const hr = await makeUser(db(), 'hr', world.unit('城东区'));
    expect((await failureOf(callerFor(db(), hr).wellbeing.aggregates({ unitId: world.unit('东湖街道').id }))).status).toBe(403);
    const far = await makeUser(db(), 'counselor', world.unit('西山街道'));
    expect((await failureOf(callerFor(db(), far).wellbeing.aggregates({ unitId: world.unit('东湖街道').id }))).status).toBe(403);
  });
});
