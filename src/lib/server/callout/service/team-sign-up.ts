import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError } from '../../domain-error';
import type { ErrorCode } from '$lib/errors';
import { freePlaces, markVolunteers } from '../capacity';
import { missingSkills } from '../policy';
import { activeSignup, findCallout, lockCallout, overlappingConfirmed } from '../queries';
import type { TeamSignUpInput } from '../../team/schema';
import { addConfirmed } from './sign-up';

function assertTakesSignUps(callout: { status: string; signupDeadline: Date }) {
  if (callout.status !== 'open' && callout.status !== 'full') throw new DomainError('CALLOUT_NOT_OPEN');
  if (callout.signupDeadline.getTime() <= Date.now()) throw new DomainError('SIGNUP_CLOSED');
}

type Outcome = { userId: string; status: 'confirmed' | 'waitlisted' } | { userId: string; refused: ErrorCode };

/**
 * The team leader signs members in: the team's reserved places first, then general places, then
 * the waitlist. Each member is checked like a sign-up of their own; one refusal does not stop the rest.
 */
export async function teamSignUp(db: Db, leader: Actor, input: TeamSignUpInput): Promise<Outcome[]> {
  return db.transaction().execute(async (trx) => {
    // Members' rows before the callout's, the order in which a sign-up of their own takes them.
    const seen = await findCallout(trx, input.calloutId);
    if (!seen?.teamId) throw new DomainError('NOT_FOUND');
    const team = await trx.selectFrom('team').select(['id', 'leaderId']).where('id', '=', seen.teamId).executeTakeFirstOrThrow();
    if (team.leaderId !== leader.userId) throw new DomainError('FORBIDDEN');
    assertTakesSignUps(seen);
    const members = await trx
      .selectFrom('teamMember as m')
      .innerJoin('appUser as u', 'u.id', 'm.userId')
      .select(['u.id', 'u.skills'])
      .where('m.teamId', '=', team.id)
      .where('u.id', 'in', input.memberIds)
      .orderBy('u.id')
      .forUpdate('u')
      .execute();
    // Written, not only locked: a sign-up of theirs that read their row before steps back (capacity.markVolunteers).
    if (members.length) await markVolunteers(trx, members.map((m) => m.id));

    const callout = await lockCallout(trx, input.calloutId);
    if (callout?.teamId !== team.id) throw new DomainError('NOT_FOUND');
    assertTakesSignUps(callout);

    const outcomes: Outcome[] = [];
    for (const userId of [...new Set(input.memberIds)]) {
      const member = members.find((m) => m.id === userId);
      const refused: ErrorCode | undefined = !member
        ? 'NOT_FOUND'
        : missingSkills(callout.requiredSkills, member.skills).length
          ? 'MISSING_SKILLS'
          : (await activeSignup(trx, callout.id, userId))
            ? 'ALREADY_SIGNED_UP'
            : undefined;
      if (refused) {
        outcomes.push({ userId, refused });
        continue;
      }
      const free = await freePlaces(trx, callout);
      const clash = free.team > 0 && (await overlappingConfirmed(trx, userId, callout.id, callout.startsAt, callout.endsAt));
      if (clash) {
        outcomes.push({ userId, refused: 'OVERLAPPING_SIGNUP' });
        continue;
      }
      const status = free.team > 0 ? 'confirmed' : 'waitlisted';
      await trx
        .insertInto('signup')
        .values({ calloutId: callout.id, volunteerId: userId, status, teamId: status === 'confirmed' ? team.id : null, confirmedAt: status === 'confirmed' ? new Date() : null })
        .execute();
      if (status === 'confirmed') await addConfirmed(trx, callout, 1);
      outcomes.push({ userId, status });
    }
    return outcomes;
  });
}
