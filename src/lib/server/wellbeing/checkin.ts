import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { isSevere, pss4Score, who5Band, who5Score } from '$lib/wellbeing/instruments';
import { isoWeekOf } from './iso-week';
import type { CheckInInput } from './schema';

/** Answers wait for this many others of any week before the mixing round rewrites them (see docs/anonymity.md). */
export const MIX_BATCH = 5;

const keys = new WeakMap<Db, Promise<string>>();
/**
 * The key of the (user, week) hash. Production sets CHECKIN_SECRET outside the database, so a
 * database reader cannot even tell who checked in; the demo falls back to a key in app_secret.
 */
function checkinKey(db: Db): Promise<string> {
  if (process.env.CHECKIN_SECRET) return Promise.resolve(process.env.CHECKIN_SECRET);
  let key = keys.get(db);
  if (!key) {
    key = db.selectFrom('appSecret').select('value').where('name', '=', 'checkin_key').executeTakeFirstOrThrow().then((r) => r.value);
    keys.set(db, key);
  }
  return key;
}

const tokenFor = (key: string, userId: string, week: string) => createHmac('sha256', key).update(`${userId}:${week}`).digest('hex');

/** The community a grid worker's answers are counted in: the grid's parent, never the grid. */
async function communityOf(db: Db, actor: Actor): Promise<string> {
  const grid = actor.memberships.find((m) => m.role === 'grid_worker' && m.unitLevel === 'grid');
  if (!grid) throw new DomainError('FORBIDDEN');
  const unit = await db.selectFrom('orgUnit').select('parentId').where('id', '=', grid.orgUnitId).executeTakeFirstOrThrow();
  return unit.parentId!;
}

/**
 * Stores one week's answers without anything that leads back to the person: the token row says
 * only "someone with this hash checked in", the answer row only "someone in this community".
 * Both go in one transaction, so a second check-in in the week stores nothing at all.
 */
export async function submitCheckIn(db: Db, actor: Actor, input: CheckInInput) {
  const week = isoWeekOf(new Date());
  const communityId = await communityOf(db, actor);
  const token = tokenFor(await checkinKey(db), actor.userId, week);
  const who5 = who5Score(input.who5);
  const pss4 = pss4Score(input.pss4);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('checkinToken').values({ token }).execute();
      await trx.insertInto('checkin').values({ isoWeek: week, communityId, who5: input.who5, pss4: input.pss4, burnout: input.burnout, who5Score: who5, pss4Score: pss4 }).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('CHECKIN_DONE');
    throw err;
  }
  // What the person sees now; none of it is stored beyond the answers themselves.
  return { week, who5Score: who5, who5Band: who5Band(who5), pss4Score: pss4, severe: isSevere(input) };
}

/** Whether this week's check-in is done: the only thing the server can say about a person and their check-ins. */
export async function checkInStatus(db: Db, actor: Actor) {
  const week = isoWeekOf(new Date());
  const token = tokenFor(await checkinKey(db), actor.userId, week);
  const done = await db.selectFrom('checkinToken').select('token').where('token', '=', token).executeTakeFirst();
  return { week, done: Boolean(done) };
}

/**
 * Rewrites every unmixed answer row in one transaction, in random order, once at least MIX_BATCH
 * wait. Afterwards a row's physical place and its transaction id (xmin) are the mixing round's,
 * shared by the whole batch, so they no longer point at the transaction that also wrote a token.
 * Aggregates read mixed rows only.
 */
export async function mixCheckIns(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // One mixer at a time across processes.
    await sql`select pg_advisory_xact_lock(4711010)`.execute(trx);
    const waiting = await trx.selectFrom('checkin').select(sql<number>`count(*)`.as('n')).where('mixed', '=', false).executeTakeFirstOrThrow();
    if (Number(waiting.n) < MIX_BATCH) return 0;
    const moved = await sql<{ n: number }>`
      with taken as (delete from checkin where not mixed returning iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score),
      placed as (
        insert into checkin (iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score, mixed)
        select iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score, true from taken order by random()
        returning 1
      )
      select count(*) as n from placed`.execute(trx);
    return Number(moved.rows[0]?.n ?? 0);
  });
}
