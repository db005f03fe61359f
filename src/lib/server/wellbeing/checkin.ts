import { createHmac, randomInt } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { isSevere, pss4Score, who5Band, who5Score } from '$lib/wellbeing/instruments';
import { assertKeyMatches, checkinKeys, seal, unseal, type PooledAnswer } from './checkin-key';
import { isoWeekOf, weeksEnding } from './iso-week';
import type { CheckInInput } from './schema';

/** Answers of one community and week are written readable only once this many wait together (see docs/anonymity.md). */
export const MIX_BATCH = 5;

const tokenFor = (key: string, userId: string, week: string) => createHmac('sha256', key).update(`${userId}:${week}`).digest('hex');

/** The community a grid worker's answers are counted in: the grid's parent, never the grid. */
async function communityOf(db: Db, actor: Actor): Promise<string> {
  const grid = actor.memberships.find((m) => m.role === 'grid_worker' && m.unitLevel === 'grid');
  if (!grid) throw new DomainError('FORBIDDEN');
  const unit = await db.selectFrom('orgUnit').select('parentId').where('id', '=', grid.orgUnitId).executeTakeFirstOrThrow();
  return unit.parentId!;
}

/**
 * Stores one week's answers without anything that leads back to the person. The token row says
 * only "someone with this hash checked in"; the answer goes into the pool sealed with a key that
 * is not in the database, so the pool row, which shares the token's transaction and lies in
 * submission order, gives nothing away. Readable answers are written only by the mixing round.
 * Both rows go in one transaction, so a second check-in in the week stores nothing at all.
 */
export async function submitCheckIn(db: Db, actor: Actor, input: CheckInInput) {
  const week = isoWeekOf(new Date());
  const communityId = await communityOf(db, actor);
  const keys = await checkinKeys();
  const token = tokenFor(keys.token, actor.userId, week);
  const sealed = seal(keys.seal, { isoWeek: week, communityId, who5: input.who5, pss4: input.pss4, burnout: input.burnout });
  try {
    await db.transaction().execute(async (trx) => {
      await assertKeyMatches(trx, keys, true);
      await trx.insertInto('checkinToken').values({ token }).execute();
      await sql`insert into checkin_pool (sealed) values (${sealed})`.execute(trx);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('CHECKIN_DONE');
    throw err;
  }
  const who5 = who5Score(input.who5);
  // What the person sees now; none of it is stored beyond the answers themselves.
  return { week, who5Score: who5, who5Band: who5Band(who5), pss4Score: pss4Score(input.pss4), severe: isSevere(input) };
}

/** Whether this week's check-in is done: the only thing the server can say about a person and their check-ins. */
export async function checkInStatus(db: Db, actor: Actor) {
  const week = isoWeekOf(new Date());
  const keys = await checkinKeys();
  await assertKeyMatches(db, keys, false);
  const token = tokenFor(keys.token, actor.userId, week);
  const done = await db.selectFrom('checkinToken').select('token').where('token', '=', token).executeTakeFirst();
  return { week, done: Boolean(done) };
}

interface Waiting extends PooledAnswer {
  /** The pool row, or the unmixed checkin row written before the pool existed. */
  from: { pool: string } | { legacy: string };
}

/** Fisher–Yates with the system's cryptographic random numbers: no order of the input survives. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const CHUNK = 500;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The mixing round, on every clock tick, one process at a time. It opens the pool and, for every
 * community and week with at least MIX_BATCH answers waiting, writes them all as readable rows in
 * one transaction of its own, in an order drawn at random, with new random ids, and deletes their
 * pool rows. A readable answer therefore shares its xmin only with the other answers of its batch
 * (never with a token), and its place follows nothing of the submissions. Groups that can never
 * reach MIX_BATCH (their week ended over a week ago) are deleted unread. Aggregates read mixed rows
 * only. Returns the number of answers written.
 */
export async function mixCheckIns(db: Db, now = new Date()): Promise<number> {
  const pending = await sql<{ any: boolean }>`select exists (select 1 from checkin_pool) or exists (select 1 from checkin where not mixed) as any`.execute(db);
  if (!pending.rows[0]?.any) return 0;
  const keys = await checkinKeys();
  const oldestKept = weeksEnding(isoWeekOf(now), 2)[0]!;
  return db.transaction().execute(async (trx) => {
    // One mixer at a time across processes.
    await sql`select pg_advisory_xact_lock(4711010)`.execute(trx);
    await assertKeyMatches(trx, keys, true);
    const pool = (await sql<{ id: string; sealed: Uint8Array }>`select id, sealed from checkin_pool`.execute(trx)).rows;
    const legacy = await trx.selectFrom('checkin').select(['id', 'isoWeek', 'communityId', 'who5', 'pss4', 'burnout']).where('mixed', '=', false).execute();
    const waiting: Waiting[] = [];
    const unreadable: string[] = [];
    for (const row of pool) {
      const answer = unseal(keys.seal, row.sealed);
      if (answer) waiting.push({ ...answer, from: { pool: row.id } });
      else unreadable.push(row.id);
    }
    for (const { id, ...answer } of legacy) waiting.push({ ...answer, from: { legacy: id } });

    const groups = new Map<string, Waiting[]>();
    for (const w of waiting) {
      const key = `${w.isoWeek}|${w.communityId}`;
      groups.set(key, [...(groups.get(key) ?? []), w]);
    }
    const release: Waiting[] = [];
    const done: Waiting[] = [];
    for (const group of groups.values()) {
      if (group.length >= MIX_BATCH) release.push(...group);
      if (group.length >= MIX_BATCH || group[0]!.isoWeek < oldestKept) done.push(...group);
    }
    for (const part of chunks(shuffled(release))) {
      await trx.insertInto('checkin').values(part.map((a) => ({
        isoWeek: a.isoWeek, communityId: a.communityId, who5: a.who5, pss4: a.pss4, burnout: a.burnout,
        who5Score: who5Score(a.who5), pss4Score: pss4Score(a.pss4), mixed: true
      }))).execute();
    }
    const poolIds = [...unreadable, ...done.flatMap((w) => ('pool' in w.from ? [w.from.pool] : []))];
    const legacyIds = done.flatMap((w) => ('legacy' in w.from ? [w.from.legacy] : []));
    for (const part of chunks(poolIds)) await sql`delete from checkin_pool where id in (${sql.join(part)})`.execute(trx);
    for (const part of chunks(legacyIds)) await trx.deleteFrom('checkin').where('id', 'in', part).execute();
    // A row the database's own key cannot open was not sealed by this portal, or was altered.
    if (unreadable.length) console.warn(`[checkin] dropped ${unreadable.length} pooled answer(s) that the check-in key cannot open`);
    return release.length;
  });
}
