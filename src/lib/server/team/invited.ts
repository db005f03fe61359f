import { translate } from '$lib/i18n';
import type { Db } from '../db/connect';
import { enqueueMail } from '../mail/outbox';
import { ORIGIN } from '../callout/notify';

/**
 * Person X was invited to team Y: everything that tells them starts here. It runs in the inviting
 * transaction, so they are told exactly when the invitation exists. Today that is an e-mail when
 * they have an address; an in-app notice or a text message belongs here too.
 */
export async function tellInvited(trx: Db, invitationId: string): Promise<void> {
  const invitation = await trx
    .selectFrom('teamInvitation as i')
    .innerJoin('team as t', 't.id', 'i.teamId')
    .innerJoin('appUser as leader', 'leader.id', 't.leaderId')
    .innerJoin('appUser as u', 'u.id', 'i.userId')
    .select(['u.name', 'u.email', 'u.locale', 't.name as team', 'leader.name as leader'])
    .where('i.id', '=', invitationId)
    .executeTakeFirstOrThrow();
  if (!invitation.email) return;
  const { locale, team, leader } = invitation;
  await enqueueMail(trx, {
    to: invitation.email,
    subject: translate(locale, 'team.mail.subject', { leader, team }),
    text: translate(locale, 'team.mail.body', { name: invitation.name, leader, team, url: `${ORIGIN()}/teams` })
  });
}
