import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../db/connect';
import { teamConfirmed } from './queries';

interface Places {
  id: string;
  slots: number;
  confirmedCount: number;
  teamId: string | null;
  teamSlots: number;
  teamReleaseAt: Date | null;
}

/** Reserved places the team has not taken yet; after the release time they belong to everyone. */
export function heldForTeam(c: Places, teamTaken: number, now = Date.now()): number {
  if (!c.teamId || (c.teamReleaseAt && now >= c.teamReleaseAt.getTime())) return 0;
  return Math.max(0, c.teamSlots - teamTaken);
}

/** Free places for anyone, and free places for the team's members (reserved plus general). Read under the callout lock. */
export async function freePlaces(db: Db, c: Places): Promise<{ general: number; team: number }> {
  const taken = c.teamId ? await teamConfirmed(db, c.id, c.teamId) : 0;
  const held = heldForTeam(c, taken);
  const general = Math.max(0, c.slots - c.confirmedCount - held);
  return { general, team: held + general };
}

/**
 * heldForTeam without the count of places the team already took: all its reserved places while the
 * reservation stands. Only the callout row is read, so the row lock that UPDATE takes (and re-reads
 * the row under) keeps it exact; the team's count would be read from an older snapshot.
 */
const heldAtMost = sql<number>`case when callout.team_id is not null and (callout.team_release_at is null or callout.team_release_at > now()) then callout.team_slots else 0 end`;

/** The callout takes sign-ups: open or full, before the sign-up deadline. */
const takesSignUps = sql<SqlBool>`callout.status in ('open', 'full') and callout.signup_deadline > now()`;

/**
 * Another confirmed callout of the volunteer at an overlapping time (as queries.overlappingConfirmed).
 * Read from the statement's snapshot; claimPlace makes sure no confirmation of theirs came after it.
 */
const clashes = (volunteerId: string): Expression<SqlBool> =>
  sql<SqlBool>`exists (
    select 1 from signup s join callout o on o.id = s.callout_id
    where s.volunteer_id = ${volunteerId} and s.status = 'confirmed' and o.id <> callout.id
      and o.status not in ('cancelled', 'completed') and o.starts_at < callout.ends_at and o.ends_at > callout.starts_at)`;

/**
 * Whatever confirms a volunteer writes their row first and so holds it to the commit: a write that
 * changes nothing but the row version (xmin). A claim that read the row earlier sees the version has
 * moved and steps back rather than trust an overlap check that may have missed that confirmation;
 * one made meanwhile waits for the row. Returns the rows, for their skills as of now.
 */
export function markVolunteers(trx: Db, ids: string[]) {
  return trx.updateTable('appUser').set({ skills: sql<string[]>`app_user.skills` }).where('id', 'in', ids).returning(['id', 'skills']).execute();
}

/**
 * A general place claimed in one statement, which runs on its own (no transaction around it): the
 * volunteer's row is marked (markVolunteers) if still at the version `seen` when their skills were
 * checked, the callout's count, open → full and the response-time marks move, and the confirmed
 * sign-up is inserted. The callout row lock is held by this statement and its commit only, and seq
 * follows the order in which places went. Claims only when a place is certainly free and there is no
 * clash; false changes nothing and the caller decides under locks. The CHECK on confirmed_count ≤
 * slots and the unique active sign-up index still have the last word.
 */
export async function claimPlace(db: Db, calloutId: string, volunteerId: string, seen: string): Promise<boolean> {
  const full = sql<SqlBool>`callout.confirmed_count + 1 >= callout.slots`;
  const row = await db
    .with('me', (db) =>
      db
        .updateTable('appUser')
        .set({ skills: sql<string[]>`app_user.skills` })
        .where('appUser.id', '=', volunteerId)
        .where(sql<SqlBool>`app_user.xmin = ${seen}::xid`)
        .returning('appUser.id')
    )
    .with('claimed', (db) =>
      db
        .updateTable('callout')
        .set({
          confirmedCount: sql<number>`callout.confirmed_count + 1`,
          status: sql<'open' | 'full'>`case when ${full} then 'full' else 'open' end`,
          firstSignupAt: sql<Date>`coalesce(callout.first_signup_at, now())`,
          fullyStaffedAt: sql<Date | null>`case when ${full} then coalesce(callout.fully_staffed_at, now()) else callout.fully_staffed_at end`,
          updatedAt: sql<Date>`now()`
        })
        .where('callout.id', '=', calloutId)
        .where(takesSignUps)
        .where(sql<SqlBool>`callout.confirmed_count + ${heldAtMost} < callout.slots`)
        .where(({ exists, not, selectFrom }) => exists(selectFrom('me').select('me.id')).and(not(clashes(volunteerId))))
        .returning('callout.id')
    )
    .insertInto('signup')
    .columns(['calloutId', 'volunteerId', 'status', 'confirmedAt'])
    .expression((db) => db.selectFrom('claimed').select(['claimed.id', sql<string>`${volunteerId}::uuid`.as('volunteerId'), sql.lit('confirmed').as('status'), sql<Date>`now()`.as('confirmedAt')]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A waitlist place taken in one statement, on its own, when the callout is certainly full: it locks
 * the callout row so the sign-up's seq comes after every place given so far, and a cancellation
 * promoting from the waitlist sees it. No overlap check: that is for confirming. False changes nothing.
 */
export async function joinWaitlist(db: Db, calloutId: string, volunteerId: string): Promise<boolean> {
  const row = await db
    .with('locked', (db) =>
      db
        .selectFrom('callout')
        .select('callout.id')
        .where('callout.id', '=', calloutId)
        .where(takesSignUps)
        .where(sql<SqlBool>`callout.confirmed_count >= callout.slots`)
        .where('callout.firstSignupAt', 'is not', null)
        .forNoKeyUpdate()
    )
    .insertInto('signup')
    .columns(['calloutId', 'volunteerId', 'status'])
    .expression((db) => db.selectFrom('locked').select(['locked.id', sql<string>`${volunteerId}::uuid`.as('volunteerId'), sql.lit('waitlisted').as('status')]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
