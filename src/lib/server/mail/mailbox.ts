import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';

/** The demo mailbox is one shared inbox of a demo install, readable by admins. */
export function listMailbox(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('mailboxMessage')
    .select(['id', 'messageId', 'toAddress', 'subject', 'receivedAt'])
    .orderBy('receivedAt', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function getMailboxMessage(db: Db, id: string) {
  const row = await db
    .selectFrom('mailboxMessage')
    .select(['id', 'messageId', 'toAddress', 'subject', 'textBody', 'receivedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  return row;
}
