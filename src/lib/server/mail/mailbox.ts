import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { assertCityAdmin } from '../org/scope';

// The demo mailbox holds everyone's mail, so only admins of a whole city may read it.
export function listMailbox(db: Db, actor: Actor, limit: number, offset: number) {
  assertCityAdmin(actor);
  return db
    .selectFrom('mailboxMessage')
    .select(['id', 'messageId', 'toAddress', 'subject', 'receivedAt'])
    .orderBy('receivedAt', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function getMailboxMessage(db: Db, actor: Actor, id: string) {
  assertCityAdmin(actor);
  const row = await db
    .selectFrom('mailboxMessage')
    .select(['id', 'messageId', 'toAddress', 'subject', 'textBody', 'receivedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}
