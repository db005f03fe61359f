import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { mixCheckIns, MIX_BATCH } from './checkin';
import { isoWeekOf, weeksEnding } from './iso-week';

const world = useCalloutWorld();
const db = () => world.db();
const answers = (who5: number) => ({ who5: [who5, who5, who5, who5, who5], pss4: [2, 2, 2, 2], burnout: 2 });
const worker = () => makeUser(db(), 'grid_worker', world.unit('桃园社区/第一网格'));
const wb = (actor: Actor) => callerFor(db(), actor).wellbeing;

describe('anonymous weekly check-in', () => {
  it('scores WHO-5 ×4 and PSS-4 with items 2 and 3 reversed, and shows help for a severe score', async () => {
    const person = await worker();
    const result = await wb(person).checkIn.submit({ who5: [1, 1, 1, 1, 2], pss4: [4, 0, 0, 4], burnout: 4 });
    expect(result).toMatchObject({ who5Score: 24, who5Band: 'low', pss4Score: 16, severe: true, week: isoWeekOf(new Date()) });
    expect(await wb(person).checkIn.status()).toEqual({ week: isoWeekOf(new Date()), done: true });
  });

  it('a second check-in in the same week is refused and changes nothing', async () => {
    const person = await worker();
    await wb(person).checkIn.submit(answers(3));
    const before = await db().selectFrom('checkin').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const again = await failureOf(wb(person).checkIn.submit(answers(4)));
    expect(again).toMatchObject({ status: 409, code: 'CHECKIN_DONE', message: '本周已完成自评，下周一起可再次填写。' });
    expect(await db().selectFrom('checkin').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('answers out of range or missing get a clear message in the person’s language', async () => {
    const person = await worker();
    const out = await failureOf(wb(person).checkIn.submit({ who5: [6, 1, 1, 1, 1], pss4: [1, 1, 1, 1], burnout: 2 }));
    expect(out.fields?.['who5.0']).toBe('请从给出的选项中选择');
    const missing = await failureOf(callerFor(db(), person, 'en').wellbeing.checkIn.submit({ who5: [1, 1], pss4: [1, 1, 1, 1], burnout: 2 }), 'en');
    expect(missing.fields?.who5).toBe('Please answer every question');
    expect((await wb(person).checkIn.status()).done).toBe(false);
  });

  it('stores nothing that leads back to a person: no shared columns, no user, no time, random ids', async () => {
    const columns = async (table: string) =>
      (await sql<{ columnName: string }>`select column_name from information_schema.columns where table_name = ${table}`.execute(db())).rows.map((r) => r.columnName).sort();
    expect(await columns('checkin')).toEqual(['burnout', 'community_id', 'id', 'iso_week', 'mixed', 'pss4', 'pss4_score', 'who5', 'who5_score']);
    expect(await columns('checkin_token')).toEqual(['token']);
    const person = await worker();
    await wb(person).checkIn.submit(answers(2));
    const tokens = await db().selectFrom('checkinToken').select('token').execute();
    // The token is a keyed hash: it holds neither the user id nor the week.
    expect(tokens.every((t) => !t.token.includes(person.userId.replace(/-/g, '')) && /^[0-9a-f]{64}$/.test(t.token))).toBe(true);
    const ids = (await db().selectFrom('checkin').select('id').execute()).map((r) => r.id);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id) && id[14] === '4')).toBe(true);
  });

  it('mixing rewrites a batch in random order under one transaction, so neither place nor xmin points at the writer', async () => {
    // Ten people in a fresh community, in a known order with known scores.
    const grid = world.unit('西山社区/第二网格');
    const people = await Promise.all(Array.from({ length: 10 }, () => makeUser(db(), 'grid_worker', grid)));
    await mixCheckIns(db());
    for (const [i, p] of people.entries()) await wb(p).checkIn.submit({ who5: [0, 0, 0, 0, i % 6], pss4: [0, 0, 0, 0], burnout: 1 });
    const submitted = (await sql<{ score: number; xid: string }>`select who5_score as score, xmin::text as xid from checkin where community_id = ${world.unit('西山社区').id} order by ctid`.execute(db())).rows;
    expect(new Set(submitted.map((r) => r.xid)).size).toBe(10);
    expect(await mixCheckIns(db())).toBeGreaterThanOrEqual(MIX_BATCH);
    const mixed = (await sql<{ score: number; xid: string; mixed: boolean }>`select who5_score as score, xmin::text as xid, mixed from checkin where community_id = ${world.unit('西山社区').id} order by ctid`.execute(db())).rows;
    expect(mixed.every((r) => r.mixed)).toBe(true);
    expect(new Set(mixed.map((r) => r.xid)).size).toBe(1);
    const tokenXmins = new Set((await sql<{ xid: string }>`select xmin::text as xid from checkin_token`.execute(db())).rows.map((r) => r.xid));
    expect(tokenXmins.has(mixed[0]!.xid)).toBe(false);
    const numeric = (xs: number[]) => [...xs].sort((a, b) => a - b);
    expect(submitted.map((r) => r.score)).toEqual(people.map((_, i) => (i % 6) * 4));
    expect(numeric(mixed.map((r) => r.score))).toEqual(numeric(submitted.map((r) => r.score)));
  });

  it('does not mix fewer than five waiting answers', async () => {
    await mixCheckIns(db());
    await wb(await worker()).checkIn.submit(answers(3));
    expect(await mixCheckIns(db())).toBe(0);
  });

  it('ISO weeks in Shanghai time', () => {
    // 2027-01-01 00:30 in Shanghai is a Friday of ISO week 2026-W53.
    expect(isoWeekOf(new Date('2026-12-31T16:30:00Z'))).toBe('2026-W53');
    expect(isoWeekOf(new Date('2026-11-22T16:30:00Z'))).toBe('2026-W48');
    expect(weeksEnding('2027-W02', 4)).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });
});
