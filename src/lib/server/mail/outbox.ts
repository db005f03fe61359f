import { randomUUID } from 'node:crypto';
import type { Db } from '../db/connect';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** An iCalendar invite, sent as the text/calendar alternative (what calendar apps offer to add). */
  invite?: { method: 'REQUEST' | 'CANCEL'; ics: string };
  /**
   * For its recipient's eyes only: counseling of any kind, a password link (which is a credential),
   * pay. The demo mailbox shows such mail to nobody else, admins included.
   */
  privateToRecipient?: boolean;
}

export const MAIL_DOMAIN = process.env.MAIL_DOMAIN ?? 'gridcall.local';

/**
 * Queues a mail. Call it with the transaction of the change that causes it: if the change rolls
 * back, no mail; if it commits, the mail is on disk and the worker will deliver it.
 */
export async function enqueueMail(db: Db, mail: OutgoingMail): Promise<string> {
  const messageId = `<${randomUUID()}@${MAIL_DOMAIN}>`;
  await db
    .insertInto('emailOutbox')
    .values({
      messageId, toAddress: mail.to, subject: mail.subject, textBody: mail.text, htmlBody: mail.html ?? null,
      ics: mail.invite?.ics ?? null, icsMethod: mail.invite?.method ?? null, privateToRecipient: mail.privateToRecipient ?? false
    })
    .execute();
  return messageId;
}
