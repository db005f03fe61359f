import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { Email, parseIdentifier } from '../auth/schema';
import { ledTeam } from './service';
import { tellInvited } from './invited';

/** What the leader is told after inviting, whoever the number or address belongs to. */
const INVITED = { invited: true } as const;

/**
 * The leader invites a volunteer of the team's community, named by exact phone or e-mail; they join
 * only by accepting. The answer is the same whether or not such a neighbour exists (nobody found:
 * nothing stored, nobody told), so the form says no more about who has an account than the leader's
 * list of open invitations already does.
 */
export async function inviteMember(db: Db, actor: Actor, teamId: string, identifier: string) {
  const team = await ledTeam(db, actor, teamId);
  const key = parseIdentifier(identifier);
  // A mistyped number is said to be one: "invitation sent" would leave the leader waiting for nobody.
  // Only the form of what was typed is judged here, never whether someone has it.
  if ('email' in key && !Email.safeParse(key.email).success) throw new DomainError('VALIDATION', undefined, { identifier: 'team.identifierInvalid' });
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('appUser as u')
      .innerJoin('membership as v', (j) => j.onRef('v.userId', '=', 'u.id').on('v.role', '=', 'volunteer').on('v.orgUnitId', '=', team.communityId))
      .select('u.id')
      .where('phone' in key ? 'u.phone' : 'u.email', '=', 'phone' in key ? key.phone : key.email)
      .where('u.disabledAt', 'is', null)
      .executeTakeFirst();
    if (!person) return INVITED;
    const member = await trx.selectFrom('teamMember').select('userId').where('teamId', '=', team.id).where('userId', '=', person.id).executeTakeFirst();
    if (member) throw new DomainError('TEAM_ALREADY_MEMBER', undefined, { identifier: 'error.TEAM_ALREADY_MEMBER' });
    // The partial unique index decides between two leaders' clicks at once: one invitation, one mail.
    const invitation = await trx
      .insertInto('teamInvitation')
      .values({ teamId: team.id, userId: person.id, invitedBy: actor.userId, via: 'phone' in key ? 'phone' : 'email' })
      .onConflict((oc) => oc.columns(['teamId', 'userId']).where('status', '=', 'pending').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!invitation) throw new DomainError('TEAM_INVITATION_PENDING', undefined, { identifier: 'error.TEAM_INVITATION_PENDING' });
    await tellInvited(trx, invitation.id);
    return INVITED;
  });
}

/** My open invitations: which team, who leads it, since when. */
export function myInvitations(db: Db, actor: Actor) {
  return db
    .selectFrom('teamInvitation as i')
    .innerJoin('team as t', 't.id', 'i.teamId')
    .innerJoin('appUser as leader', 'leader.id', 't.leaderId')
    .select(['i.id', 'i.teamId', 't.name as teamName', 'leader.name as leaderName', 'i.invitedAt'])
    .where('i.userId', '=', actor.userId)
    .where('i.status', '=', 'pending')
    .orderBy('i.invitedAt')
    .orderBy('i.id')
    .execute();
}

/**
 * The invited person says yes or no. Only they can: anyone else's invitation is NOT_FOUND. Accepting
 * makes the membership in the same transaction; a second answer is refused with what became of it.
 */
export async function answerInvitation(db: Db, actor: Actor, invitationId: string, accept: boolean) {
  return db.transaction().execute(async (trx) => {
    // One conditional update: of a double tap, or an answer racing the leader's withdrawal, one wins.
    const answered = await trx
      .updateTable('teamInvitation')
      .set({ status: accept ? 'accepted' : 'declined', answeredAt: sql`now()` })
      .where('id', '=', invitationId)
      .where('userId', '=', actor.userId)
      .where('status', '=', 'pending')
      .returning(['id', 'teamId', 'status'])
      .executeTakeFirst();
    if (!answered) {
      const seen = await trx.selectFrom('teamInvitation').select('status').where('id', '=', invitationId).where('userId', '=', actor.userId).executeTakeFirst();
      if (!seen) throw new DomainError('NOT_FOUND');
      throw new DomainError('TEAM_INVITATION_ANSWERED', { why: `team.answered.${seen.status as 'accepted' | 'declined' | 'withdrawn'}` });
    }
    if (accept) {
      await trx.insertInto('teamMember').values({ teamId: answered.teamId, userId: actor.userId, invitationId: answered.id }).onConflict((oc) => oc.doNothing()).execute();
    }
    return { teamId: answered.teamId, status: answered.status as 'accepted' | 'declined' };
  });
}

/** The leader takes back an invitation nobody has answered yet; another team's is NOT_FOUND. */
export async function withdrawInvitation(db: Db, actor: Actor, invitationId: string) {
  const ledBy = db.selectFrom('team').select('id').where('leaderId', '=', actor.userId);
  const withdrawn = await db
    .updateTable('teamInvitation')
    .set({ status: 'withdrawn', answeredAt: sql`now()` })
    .where('id', '=', invitationId)
    .where('teamId', 'in', ledBy)
    .where('status', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (withdrawn) return { ok: true };
  const seen = await db.selectFrom('teamInvitation').select('status').where('id', '=', invitationId).where('teamId', 'in', ledBy).executeTakeFirst();
  if (!seen) throw new DomainError('NOT_FOUND');
  throw new DomainError('TEAM_INVITATION_ANSWERED', { why: `team.closed.${seen.status as 'accepted' | 'declined' | 'withdrawn'}` });
}
