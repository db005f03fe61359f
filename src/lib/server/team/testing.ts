import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { answerInvitation, inviteMember, myInvitations } from './invitations';

/** The open invitation `person` holds from `teamId`, by its id. */
export async function invitationOf(db: Db, person: Actor, teamId: string): Promise<string> {
  const invitation = (await myInvitations(db, person)).find((i) => i.teamId === teamId);
  if (!invitation) throw new Error('no open invitation from that team');
  return invitation.id;
}

/** A neighbour joins a team the one way there is (tests only): the leader invites them by phone, they say yes. */
export async function joinTeam(db: Db, leader: Actor, teamId: string, person: Actor): Promise<void> {
  const { phone } = await db.selectFrom('appUser').select('phone').where('id', '=', person.userId).executeTakeFirstOrThrow();
  await inviteMember(db, leader, teamId, phone!);
  await answerInvitation(db, person, await invitationOf(db, person, teamId), true);
}
