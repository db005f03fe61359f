import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError } from '../../domain-error';
import { managedCallout } from './manage';
import type { ConfirmHoursInput } from '../schema';

/** The newest ledger entry of each sign-up: what its hours are now. */
export function latestEntries(db: Db) {
  return db
    .selectFrom('hoursEntry')
    .distinctOn('signupId')
    .select(['signupId', 'volunteerId', 'calloutId', 'minutes', 'kind', 'reason', 'createdAt'])
    .orderBy('signupId')
    .orderBy('seq', 'desc');
}

/**
 * The grid worker confirms the recorded minutes, or states other minutes with a reason. Either way
 * a new entry goes on the ledger; the old ones stay as they were.
 */
export async function confirmHours(db: Db, actor: Actor, input: ConfirmHoursInput) {
  const signup = await db.selectFrom('signup').select(['id', 'calloutId', 'volunteerId', 'status']).where('id', '=', input.signupId).executeTakeFirst();
  if (!signup) throw new DomainError('NOT_FOUND');
  await managedCallout(db, actor, signup.calloutId);
  if (signup.status !== 'confirmed') throw new DomainError('NOT_SIGNED_UP');
  return db.transaction().execute(async (trx) => {
    // Serialises two confirmations of one sign-up, so "the newest entry" is well defined.
    await trx.selectFrom('signup').select('id').where('id', '=', signup.id).forUpdate().execute();
    const current = await latestEntries(trx).where('signupId', '=', signup.id).executeTakeFirst();
    const changes = input.minutes !== undefined && input.minutes !== current?.minutes;
    if (changes && !input.reason) throw new DomainError('REASON_REQUIRED', undefined, { reason: 'error.REASON_REQUIRED' });
    const minutes = input.minutes ?? current?.minutes;
    if (minutes === undefined) throw new DomainError('NOT_CHECKED_IN');
    await trx
      .insertInto('hoursEntry')
      .values({ signupId: signup.id, volunteerId: signup.volunteerId, calloutId: signup.calloutId, minutes, kind: changes ? 'corrected' : 'confirmed', reason: changes ? input.reason! : null, enteredBy: actor.userId })
      .execute();
    return { minutes, kind: changes ? 'corrected' : 'confirmed' };
  });
}

/** A volunteer's confirmed service: each callout's current confirmed minutes, and the total. */
export async function myHours(db: Db, volunteerId: string) {
  const rows = await db
    .selectFrom(latestEntries(db).where('volunteerId', '=', volunteerId).as('h'))
    .innerJoin('callout as c', 'c.id', 'h.calloutId')
    .select(['c.id as calloutId', 'c.title', 'c.startsAt', 'h.minutes', 'h.kind'])
    .where('h.kind', 'in', ['confirmed', 'corrected'])
    .orderBy('c.startsAt', 'desc')
    .execute();
  return { totalMinutes: rows.reduce((sum, r) => sum + r.minutes, 0), callouts: rows };
}

