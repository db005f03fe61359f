import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { Db } from '../db/connect';
import { deliverDue } from '../mail/worker';
import { mailboxTransport } from '../mail/transport';

/** A delivered mail as its reader meets it, with the calendar invite it carries, if any. */
export interface DeliveredMail {
  to: string;
  subject: string;
  text: string;
  raw: string;
  method?: unknown;
  uid?: unknown;
  sequence?: unknown;
  status?: unknown;
  start?: string;
}

/** Delivers the queued mail to the demo mailbox and reads every message and its invite back, as sent. */
export async function delivered(db: Db): Promise<DeliveredMail[]> {
  await deliverDue(db, mailboxTransport(db), { leaseSeconds: 60, batchSize: 100, maxAttempts: 3 });
  const rows = await db.selectFrom('mailboxMessage').select(['toAddress', 'raw']).orderBy('receivedAt').execute();
  await db.deleteFrom('mailboxMessage').execute();
  return Promise.all(rows.map(async (r) => {
    const parsed = await simpleParser(r.raw);
    const part = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const calendar = part ? new ICAL.Component(ICAL.parse(part.content.toString('utf8'))) : undefined;
    const event = calendar?.getFirstSubcomponent('vevent');
    return {
      to: r.toAddress, subject: parsed.subject ?? '', text: parsed.text ?? '', raw: r.raw,
      method: calendar?.getFirstPropertyValue('method'), uid: event?.getFirstPropertyValue('uid'),
      sequence: event?.getFirstPropertyValue('sequence'), status: event?.getFirstPropertyValue('status'),
      start: event ? (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString() : undefined
    };
  }));
}
