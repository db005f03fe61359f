import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { mixCheckIns, MIX_BATCH } from './checkin';
import { checkinKeys } from './checkin-key';
import { isoWeekOf, weeksEnding } from './iso-week';

const world = useCalloutWorld();
const db = () => world.db();
const answers = (who5: number) => ({ who5: [who5, who5, who5, who5, who5], pss4: [2, 2, 2, 2], burnout: 2 });
const worker = () => makeUser(db(), 'grid_worker', world.unit('桃园社区/第一网格'));
const wb = (actor: Actor) => callerFor(db(), actor).wellbeing;
const columns = async (table: string) =>
  (await sql<{ columnName: string }>`select column_name from information_schema.columns where table_name = ${table}`.execute(db())).rows.map((r) => r.columnName).sort();
const pool = async () => (await sql<{ id: string; sealed: Uint8Array; xid: string }>`select id, sealed, xmin::text as xid from checkin_pool`.execute(db())).rows;
const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0]!.n);
/** Everything a check-in writes. */
const stored = async () => ({ checkin: await count('checkin'), pool: await count('checkin_pool'), tokens: await count('checkin_token') });

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
    const before = await stored();
    const again = await failureOf(wb(person).checkIn.submit(answers(4)));
    expect(again).toMatchObject({ status: 409, code: 'CHECKIN_DONE', message: '本周已完成自评，下周一起可再次填写。' });
    expect(await stored()).toEqual(before);
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
    expect(await columns('checkin')).toEqual(['burnout', 'community_id', 'id', 'iso_week', 'mixed', 'pss4', 'pss4_score', 'who5', 'who5_score']);
    expect(await columns('checkin_token')).toEqual(['token']);
    expect(await columns('checkin_pool')).toEqual(['id', 'sealed']);
    const person = await worker();
    await wb(person).checkIn.submit(answers(2));
    const tokens = await db().selectFrom('checkinToken').select('token').execute();
    // The token is a keyed hash: it holds neither the user id nor the week.
    expect(tokens.every((t) => !t.token.includes(person.userId.replace(/-/g, '')) && /^[0-9a-f]{64}$/.test(t.token))).toBe(true);
    const ids = [...(await db().selectFrom('checkin').select('id').execute()), ...(await pool())].map((r) => r.id);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id) && id[14] === '4')).toBe(true);
  });

  it('the key that makes tokens and seals answers is nowhere in the database', async () => {
    await wb(await worker()).checkIn.submit(answers(1));
    const keys = await checkinKeys();
    expect(await db().selectFrom('appSecret').select('name').where('name', 'like', '%checkin%').execute()).toEqual([]);
    // Every row of every table as text (bytea as hex): neither the secret nor the sealing key.
    const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db())).rows;
    expect(tables.length).toBeGreaterThan(30);
    for (const { name } of tables) {
      const { rows } = await sql<{ text: string }>`select coalesce(string_agg(t::text, ' '), '') as text from ${sql.table(name)} t`.execute(db());
      const text = rows[0]!.text.toLowerCase();
      expect(text.includes(keys.token.toLowerCase()), `the secret in ${name}`).toBe(false);
      expect(text.includes(keys.seal.toString('hex')), `the sealing key in ${name}`).toBe(false);
    }
    // What the database does hold is a fingerprint, which is neither.
    const check = (await sql<{ fingerprint: string }>`select fingerprint from checkin_key_check`.execute(db())).rows;
    expect(check).toEqual([{ fingerprint: keys.fingerprint }]);
  });

  it('until five answers of a community and week wait, none of them is readable: the pool row sharing the token’s transaction is sealed', async () => {
    const community = world.unit('西山社区').id;
    const week = isoWeekOf(new Date());
    const grid = world.unit('西山社区/第一网格');
    const people = await Promise.all(Array.from({ length: MIX_BATCH }, () => makeUser(db(), 'grid_worker', grid)));
    const before = new Set((await pool()).map((r) => r.id));
    const given = [[5, 4, 3, 2, 1], [0, 1, 2, 3, 4], [5, 5, 5, 5, 5], [1, 1, 1, 1, 1]];
    for (const [i, who5] of given.entries()) await wb(people[i]!).checkIn.submit({ who5, pss4: [4, 3, 2, 1], burnout: 5 });
    expect(await mixCheckIns(db())).toBe(0);
    expect(await db().selectFrom('checkin').select('id').where('communityId', '=', community).execute()).toEqual([]);

    const mine = (await pool()).filter((r) => !before.has(r.id));
    expect(mine).toHaveLength(given.length);
    const tokenXmins = new Set((await sql<{ xid: string }>`select xmin::text as xid from checkin_token`.execute(db())).rows.map((r) => r.xid));
    // Each pool row was written with its token (same xmin)…
    expect(mine.every((r) => tokenXmins.has(r.xid))).toBe(true);
    // …and holds nothing readable: not the community (as text or bytes), not the week, not the answers, and always the same length.
    for (const r of mine) {
      const bytes = Buffer.from(r.sealed);
      const latin = bytes.toString('latin1');
      for (const needle of [community, community.replace(/-/g, ''), week, '54321', '01234', '55555', '11111', '4321']) expect(latin.includes(needle), needle).toBe(false);
      expect(bytes.includes(Buffer.from(community.replace(/-/g, ''), 'hex'))).toBe(false);
      expect(bytes.toString('hex').includes(community.replace(/-/g, ''))).toBe(false);
    }
    expect(new Set(mine.map((r) => Buffer.from(r.sealed).length)).size).toBe(1);

    // The fifth makes a batch: all five become readable together, outside every token's transaction.
    await wb(people[4]!).checkIn.submit({ who5: [2, 2, 2, 2, 2], pss4: [0, 0, 0, 0], burnout: 1 });
    expect(await mixCheckIns(db())).toBe(MIX_BATCH);
    const rows = (await sql<{ score: number; xid: string; mixed: boolean }>`select who5_score as score, xmin::text as xid, mixed from checkin where community_id = ${community}`.execute(db())).rows;
    expect(rows.map((r) => r.score).sort((a, b) => a - b)).toEqual([20, 40, 40, 60, 100]);
    expect(rows.every((r) => r.mixed && !tokenXmins.has(r.xid))).toBe(true);
    expect((await pool()).filter((r) => !before.has(r.id))).toEqual([]);
  });

  it('after mixing, no order of the answers (physical place, id) follows the order they were given in, and they share one xmin that is no token’s', async () => {
    // Twelve people in a community of their own, each with a different score, in a known order.
    // A shuffled order equals the submission order by chance once in 12! ≈ 4.8 × 10⁸.
    const community = world.unit('枫林社区').id;
    const grid = world.unit('枫林社区/第二网格');
    const people = await Promise.all(Array.from({ length: 12 }, () => makeUser(db(), 'grid_worker', grid)));
    const given = people.map((_, s) => ({ who5: [Math.min(5, s), Math.min(5, Math.max(0, s - 5)), Math.max(0, s - 10), 0, 0], pss4: [0, 0, 0, 0], burnout: 1 }));
    for (const [i, p] of people.entries()) await wb(p).checkIn.submit(given[i]!);
    const inOrder = people.map((_, s) => s * 4);
    expect(await mixCheckIns(db())).toBe(12);
    const by = async (order: 'ctid' | 'id') =>
      (await sql<{ score: number; xid: string }>`select who5_score as score, xmin::text as xid from checkin where community_id = ${community} order by ${sql.raw(order)}`.execute(db())).rows;
    const byPlace = await by('ctid');
    const byId = await by('id');
    expect([...byPlace.map((r) => r.score)].sort((a, b) => a - b)).toEqual(inOrder);
    expect(byPlace.map((r) => r.score)).not.toEqual(inOrder);
    expect(byId.map((r) => r.score)).not.toEqual(inOrder);
    expect(new Set(byPlace.map((r) => r.xid)).size).toBe(1);
    const tokenXmins = new Set((await sql<{ xid: string }>`select xmin::text as xid from checkin_token`.execute(db())).rows.map((r) => r.xid));
    expect(tokenXmins.has(byPlace[0]!.xid)).toBe(false);
    // No time column exists to order by (the column list is tested above).
    expect((await columns('checkin')).filter((c) => /_at$|time|date|created|updated/.test(c))).toEqual([]);
  });

  it('five waiting answers of different communities are not mixed: each community and week waits for five of its own', async () => {
    const grid = (c: string) => world.unit(`${c}/第一网格`);
    const people = [...(await Promise.all([0, 1, 2, 3].map(() => makeUser(db(), 'grid_worker', grid('新华社区'))))), await makeUser(db(), 'grid_worker', grid('光明社区'))];
    for (const p of people) await wb(p).checkIn.submit(answers(3));
    expect(await mixCheckIns(db())).toBe(0);
    expect(await db().selectFrom('checkin').select('id').where('communityId', 'in', [world.unit('新华社区').id, world.unit('光明社区').id]).execute()).toEqual([]);
  });

  it('answers written unmixed before the pool existed are mixed with the pooled ones of their community and week, and only then', async () => {
    const community = world.unit('湖滨社区').id;
    const week = isoWeekOf(new Date());
    await db().insertInto('checkin').values([1, 2, 3].map((a) => ({ isoWeek: week, communityId: community, who5: [a, 0, 0, 0, 0], pss4: [0, 0, 0, 0], burnout: 1, who5Score: a * 4, pss4Score: 8 }))).execute();
    const people = await Promise.all([0, 1].map(() => makeUser(db(), 'grid_worker', world.unit('湖滨社区/第二网格'))));
    await wb(people[0]!).checkIn.submit(answers(1));
    expect(await mixCheckIns(db())).toBe(0);
    expect(await db().selectFrom('checkin').select('mixed').where('communityId', '=', community).execute()).toEqual([{ mixed: false }, { mixed: false }, { mixed: false }]);
    await wb(people[1]!).checkIn.submit(answers(2));
    expect(await mixCheckIns(db())).toBe(MIX_BATCH);
    const rows = await db().selectFrom('checkin').select(['who5Score', 'mixed']).where('communityId', '=', community).execute();
    expect(rows.map((r) => r.who5Score).sort((a, b) => a - b)).toEqual([4, 8, 12, 20, 40]);
    expect(rows.every((r) => r.mixed)).toBe(true);
  });

  it('a group that never reached five is deleted unread once its week has been over for a week', async () => {
    const waiting = (await pool()).length;
    expect(waiting).toBeGreaterThan(0);
    const day = 86400_000;
    expect(await mixCheckIns(db(), new Date(Date.now() + 7 * day))).toBe(0);
    expect((await pool()).length).toBe(waiting);
    expect(await mixCheckIns(db(), new Date(Date.now() + 14 * day))).toBe(0);
    expect(await pool()).toEqual([]);
    expect(await db().selectFrom('checkin').select('id').where('communityId', '=', world.unit('新华社区').id).execute()).toEqual([]);
  });

  it('a pool row the key cannot open (not sealed by the portal, or altered) is dropped, and nothing is written from it', async () => {
    const before = await stored();
    await sql`insert into checkin_pool (sealed) values (${randomBytes(86)})`.execute(db());
    expect(await mixCheckIns(db())).toBe(0);
    expect(await stored()).toEqual(before);
  });

  it('a process with another key than the database’s refuses to store or tell anything', async () => {
    const person = await worker();
    const [{ fingerprint }] = (await sql<{ fingerprint: string }>`select fingerprint from checkin_key_check`.execute(db())).rows as [{ fingerprint: string }];
    // An answer waiting, so that the mixing round has something to do.
    await db().insertInto('checkin').values({ isoWeek: '2026-W01', communityId: world.unit('光明社区').id, who5: [0, 0, 0, 0, 0], pss4: [0, 0, 0, 0], burnout: 1, who5Score: 0, pss4Score: 8 }).execute();
    await sql`update checkin_key_check set fingerprint = ${'0'.repeat(32)}`.execute(db());
    try {
      const before = await stored();
      const refused = await failureOf(wb(person).checkIn.submit(answers(3)));
      expect(refused.status).toBe(500);
      expect(await stored()).toEqual(before);
      expect((await failureOf(wb(person).checkIn.status())).status).toBe(500);
      await expect(mixCheckIns(db())).rejects.toThrow(/not the one this database/);
    } finally {
      await sql`update checkin_key_check set fingerprint = ${fingerprint}`.execute(db());
    }
    expect((await wb(person).checkIn.status()).done).toBe(false);
  });

  it('ISO weeks in Shanghai time', () => {
    // 2027-01-01 00:30 in Shanghai is a Friday of ISO week 2026-W53.
    expect(isoWeekOf(new Date('2026-12-31T16:30:00Z'))).toBe('2026-W53');
    expect(isoWeekOf(new Date('2026-11-22T16:30:00Z'))).toBe('2026-W48');
    expect(weeksEnding('2027-W02', 4)).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });
});
