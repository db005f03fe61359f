import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { assertCityAdmin } from '../org/scope';

/**
 * The demo mailbox holds everyone's mail, so only admins of a whole city may read it, and even they
 * never see mail private to someone else (counseling, password links, pay): its words and its links
 * are for the recipient. Privacy is what the sender marked when queueing; mail the outbox no longer
 * knows counts as private.
 */
function readableMail(db: Db, actor: Actor) {
  return db
    .selectFrom('mailboxMessage as m')
    .leftJoin('emailOutbox as o', 'o.messageId', 'm.messageId')
    .where((eb) =>
      eb.or([
        eb('o.privateToRecipient', '=', false),
        eb(sql`lower(m.to_address)`, '=', eb.selectFrom('appUser as u').select(sql<string>`lower(u.email)`.as('email')).where('u.id', '=', actor.userId))
      ])
    );
}

export function listMailbox(db: Db, actor: Actor, limit: number, offset: number) {
  assertCityAdmin(actor);
  return readableMail(db, actor)
    .select(['m.id', 'm.messageId', 'm.toAddress', 'm.subject', 'm.receivedAt'])
    .orderBy('m.receivedAt', 'desc')
    .orderBy('m.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function getMailboxMessage(db: Db, actor: Actor, id: string) {
  assertCityAdmin(actor);
  const row = await readableMail(db, actor)
    .select(['m.id', 'm.messageId', 'm.toAddress', 'm.subject', 'm.textBody', 'm.receivedAt'])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}
