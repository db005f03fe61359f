import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { pathWithin } from '../org/scope';

export const calloutColumns = [
  'c.id', 'c.gridId', 'c.title', 'c.description', 'c.category', 'c.urgency', 'c.place', 'c.startsAt', 'c.endsAt',
  'c.slots', 'c.confirmedCount', 'c.requiredSkills', 'c.signupDeadline', 'c.cancelDeadline', 'c.status',
  'c.publishedAt', 'c.firstSignupAt', 'c.fullyStaffedAt', 'c.completedAt', 'c.createdBy',
  'c.teamId', 'c.teamSlots', 'c.teamReleaseAt'
] as const;

/** A callout with its grid's path (for scope checks) and the grid's name. */
export function calloutWithGrid(db: Db) {
  return db.selectFrom('callout as c').innerJoin('orgUnit as g', 'g.id', 'c.gridId').select([...calloutColumns, 'g.path as gridPath', 'g.name as gridName']);
}

/** Locks the callout row: every sign-up change to one callout queues here, so counts read after it are exact. */
export function lockCallout(db: Db, calloutId: string) {
  return calloutWithGrid(db).where('c.id', '=', calloutId).forUpdate('c').executeTakeFirst();
}

export function findCallout(db: Db, calloutId: string) {
  return calloutWithGrid(db).where('c.id', '=', calloutId).executeTakeFirst();
}

export function activeSignup(db: Db, calloutId: string, volunteerId: string) {
  return db
    .selectFrom('signup')
    .select(['id', 'status', 'seq'])
    .where('calloutId', '=', calloutId)
    .where('volunteerId', '=', volunteerId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
}

/** Another confirmed callout of the volunteer whose time overlaps [startsAt, endsAt). */
export function overlappingConfirmed(db: Db, volunteerId: string, calloutId: string, startsAt: Date, endsAt: Date) {
  return db
    .selectFrom('signup as s')
    .innerJoin('callout as c', 'c.id', 's.calloutId')
    .select(['c.id', 'c.title'])
    .where('s.volunteerId', '=', volunteerId)
    .where('s.status', '=', 'confirmed')
    .where('c.id', '<>', calloutId)
    .where('c.status', 'not in', ['cancelled', 'completed'])
    .where('c.startsAt', '<', endsAt)
    .where('c.endsAt', '>', startsAt)
    .executeTakeFirst();
}

/** What a list shows of each callout: not the description (a page of long texts nobody reads there) nor the author. */
const listColumns = calloutColumns.filter((column) => column !== 'c.description' && column !== 'c.createdBy');

/** Callouts in grids under any of the paths, soonest first, with their grid's name. */
export function calloutsWithin(db: Db, paths: string[]) {
  return db
    .selectFrom('callout as c')
    .innerJoin('orgUnit as g', 'g.id', 'c.gridId')
    .select([...listColumns, 'g.name as gridName'])
    .where((eb) => pathWithin(eb, 'g.path', paths))
    .orderBy('c.startsAt')
    .orderBy('c.id');
}

export const now = sql<Date>`now()`;

/** Confirmed places taken through the team's reservation. Exact when read under the callout lock. */
export async function teamConfirmed(db: Db, calloutId: string, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('signup')
    .select(sql<number>`count(*)`.as('n'))
    .where('calloutId', '=', calloutId)
    .where('teamId', '=', teamId)
    .where('status', '=', 'confirmed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
