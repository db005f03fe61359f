import { sql } from 'kysely';
import { formatDateTime, translate, type MessageKey } from '$lib/i18n';
import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError, isUniqueViolation } from '../../domain-error';
import { enqueueMail } from '../../mail/outbox';
import { canSignUp, isVisible, missingSkills } from '../policy';
import { activeSignup, calloutWithGrid, lockCallout, overlappingConfirmed } from '../queries';
import { claimPlace, freePlaces, joinWaitlist, markVolunteers } from '../capacity';

export type Locked = NonNullable<Awaited<ReturnType<typeof lockCallout>>>;

type Claimable = Pick<Locked, 'gridPath' | 'status' | 'signupDeadline'>;

function assertClaimable(actor: Actor, callout: Claimable | undefined): asserts callout is Claimable {
  if (!callout || !isVisible(actor, callout) || !canSignUp(actor, callout.gridPath)) throw new DomainError('NOT_FOUND');
  if (callout.status !== 'open' && callout.status !== 'full') throw new DomainError('CALLOUT_NOT_OPEN');
  if (callout.signupDeadline.getTime() <= Date.now()) throw new DomainError('SIGNUP_CLOSED');
}

/**
 * Confirmed while places remain, else waitlisted, first come first served by seq. Everything about
 * the volunteer is checked first, from a plain read; then, when the callout row alone settles the
 * outcome, a single statement makes the claim (claimPlace, joinWaitlist), so the callout row is locked
 * for that statement and its commit only. Otherwise it is decided in a transaction under the
 * volunteer's and then the callout's row lock. The CHECK on confirmed_count ≤ slots and the unique
 * active sign-up index would refuse an overfill or a second sign-up even if this code were wrong.
 */
export async function signUp(db: Db, actor: Actor, calloutId: string): Promise<{ status: 'confirmed' | 'waitlisted' }> {
  try {
    const callout = await calloutWithGrid(db)
      .innerJoin('appUser as u', (join) => join.on('u.id', '=', actor.userId))
      .select((eb) => [
        'u.skills',
        sql<string>`u.xmin::text`.as('version'),
        eb
          .exists(eb.selectFrom('signup as s').select('s.id').whereRef('s.calloutId', '=', 'c.id').where('s.volunteerId', '=', actor.userId).where('s.status', '<>', 'cancelled'))
          .as('signedUp')
      ])
      .where('c.id', '=', calloutId)
      .executeTakeFirst();
    assertClaimable(actor, callout);
    assertSkills(actor, callout.requiredSkills, callout.skills);
    // A double click's second request may read this before the first commits; the unique index catches it then.
    if (callout.signedUp) throw new DomainError('ALREADY_SIGNED_UP');

    if (callout.confirmedCount < callout.slots && (await claimPlace(db, callout.id, actor.userId, callout.version))) return { status: 'confirmed' };
    if (await joinWaitlist(db, callout.id, actor.userId)) return { status: 'waitlisted' };
    return await db.transaction().execute((trx) => decideUnderLocks(trx, actor, callout.id));
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('ALREADY_SIGNED_UP');
    throw err;
  }
}

function assertSkills(actor: Actor, required: readonly string[], has: readonly string[]) {
  const lacking = missingSkills(required, has);
  if (lacking.length) throw new DomainError('MISSING_SKILLS', { skills: lacking.map((s) => translate(actor.locale, `skill.${s}` as MessageKey)).join('、') });
}

/**
 * The general case, when the callout row alone does not settle it (team places still held, a place
 * freed while others wait, a clash to report, the volunteer's row changed since it was read). The
 * volunteer's row first, as everything that confirms them takes it, so the overlap check below sees
 * every claim of theirs; then the callout's, so the counts are exact.
 */
async function decideUnderLocks(trx: Db, actor: Actor, calloutId: string): Promise<{ status: 'confirmed' | 'waitlisted' }> {
  const [me] = await markVolunteers(trx, [actor.userId]);
  if (!me) throw new DomainError('NOT_FOUND');
  const callout = await lockCallout(trx, calloutId);
  assertClaimable(actor, callout);
  assertSkills(actor, callout.requiredSkills, me.skills);
  if (await activeSignup(trx, callout.id, actor.userId)) throw new DomainError('ALREADY_SIGNED_UP');
  const hasPlace = (await freePlaces(trx, callout)).general > 0;
  if (hasPlace) {
    const clash = await overlappingConfirmed(trx, actor.userId, callout.id, callout.startsAt, callout.endsAt);
    if (clash) throw new DomainError('OVERLAPPING_SIGNUP', { title: clash.title });
  }
  const status = hasPlace ? 'confirmed' : 'waitlisted';
  await trx
    .insertInto('signup')
    .values({ calloutId: callout.id, volunteerId: actor.userId, status, confirmedAt: hasPlace ? new Date() : null })
    .execute();
  if (hasPlace) await addConfirmed(trx, callout, 1);
  else if (!callout.firstSignupAt) await trx.updateTable('callout').set({ firstSignupAt: sql`now()` }).where('id', '=', callout.id).execute();
  return { status };
}

/** Moves the confirmed count and, with it, open ⇄ full and the response-time marks (source 3.3). */
export async function addConfirmed(trx: Db, callout: Locked, delta: number) {
  const count = callout.confirmedCount + delta;
  const full = count >= callout.slots;
  await trx
    .updateTable('callout')
    .set({
      confirmedCount: count,
      status: callout.status === 'open' || callout.status === 'full' ? (full ? 'full' : 'open') : callout.status,
      firstSignupAt: callout.firstSignupAt ?? sql`now()`,
      fullyStaffedAt: full ? (callout.fullyStaffedAt ?? sql`now()`) : callout.fullyStaffedAt,
      updatedAt: sql`now()`
    })
    .where('id', '=', callout.id)
    .execute();
  callout.confirmedCount = count;
}

/**
 * Cancels the volunteer's sign-up. A confirmed place goes to the first waitlisted volunteer who is
 * free at that time, who is told by e-mail in the same transaction. After the cancel deadline the
 * cancellation is recorded as late.
 */
export async function cancelSignUp(db: Db, actor: Actor, calloutId: string): Promise<{ late: boolean; promoted: boolean }> {
  return db.transaction().execute(async (trx) => {
    const callout = await lockCallout(trx, calloutId);
    if (!callout || !isVisible(actor, callout)) throw new DomainError('NOT_FOUND');
    const mine = await activeSignup(trx, callout.id, actor.userId);
    if (!mine) throw new DomainError('NOT_SIGNED_UP');
    if (callout.status === 'completed' || callout.status === 'cancelled' || callout.endsAt.getTime() <= Date.now()) {
      throw new DomainError('CALLOUT_NOT_OPEN');
    }
    const late = callout.cancelDeadline.getTime() < Date.now();
    await trx.updateTable('signup').set({ status: 'cancelled', cancelledAt: sql`now()`, cancelledLate: late }).where('id', '=', mine.id).execute();
    if (mine.status !== 'confirmed') return { late, promoted: false };
    await addConfirmed(trx, callout, -1);
    const promoted = callout.startsAt.getTime() > Date.now() ? (await promoteWaitlist(trx, callout)) > 0 : false;
    return { late, promoted };
  });
}

/**
 * Fills free general places from the waitlist in arrival order, skipping anyone now busy at that
 * time; each promoted volunteer is told by e-mail in the same transaction. Call under the callout lock.
 */
export async function promoteWaitlist(trx: Db, callout: Locked): Promise<number> {
  let free = (await freePlaces(trx, callout)).general;
  if (free === 0) return 0;
  let promoted = 0;
  const waiting = await trx
    .selectFrom('signup as s')
    .innerJoin('appUser as u', 'u.id', 's.volunteerId')
    .select(['s.id', 's.volunteerId', 'u.name', 'u.email', 'u.locale'])
    .where('s.calloutId', '=', callout.id)
    .where('s.status', '=', 'waitlisted')
    .orderBy('s.seq')
    .execute();
  for (const next of waiting) {
    if (free === 0) break;
    // Their row, as everything that confirms them takes it: no claim of theirs elsewhere is half-made while we look.
    await markVolunteers(trx, [next.volunteerId]);
    if (await overlappingConfirmed(trx, next.volunteerId, callout.id, callout.startsAt, callout.endsAt)) continue;
    await trx.updateTable('signup').set({ status: 'confirmed', confirmedAt: sql`now()`, promotedAt: sql`now()` }).where('id', '=', next.id).execute();
    await addConfirmed(trx, callout, 1);
    if (next.email) {
      await enqueueMail(trx, {
        to: next.email,
        subject: translate(next.locale, 'mail.promoted.subject', { title: callout.title }),
        text: translate(next.locale, 'mail.promoted.body', {
          name: next.name,
          title: callout.title,
          when: formatDateTime(next.locale, callout.startsAt),
          place: callout.place
        })
      });
    }
    free--;
    promoted++;
  }
  return promoted;
}
