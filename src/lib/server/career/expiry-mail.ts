import { sql } from 'kysely';
import { translate } from '$lib/i18n';
import type { Db } from '../db/connect';
import { enqueueMail } from '../mail/outbox';

export const EXPIRY_NOTICE_DAYS = 60;

/**
 * Queues the reminder for each verified certificate that expires within 60 days and has not had
 * one. The UPDATE … RETURNING claims the rows, so two processes running the round at once send
 * each mail once; the mail is queued in the same transaction as the claim.
 */
export async function certificateExpiryRound(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .updateTable('workerCertificate as c')
      .set({ expiryMailAt: new Date() })
      .from('certificateType as t')
      .whereRef('t.code', '=', 'c.typeCode')
      .where('c.expiryMailAt', 'is', null)
      .where('c.verifiedAt', 'is not', null)
      .where('c.expiresOn', 'is not', null)
      .where('c.expiresOn', '<=', sql<string>`(now() at time zone 'Asia/Shanghai')::date + ${EXPIRY_NOTICE_DAYS}::int`)
      .where('c.expiresOn', '>=', sql<string>`(now() at time zone 'Asia/Shanghai')::date`)
      .returning(['c.workerId', 'c.number', 'c.expiresOn', 't.name as typeName'])
      .execute();
    for (const cert of due) {
      const person = await trx.selectFrom('appUser').select(['name', 'email', 'locale']).where('id', '=', cert.workerId).executeTakeFirstOrThrow();
      if (!person.email) continue;
      const params = { name: person.name, certificate: cert.typeName, number: cert.number || '—', date: cert.expiresOn! };
      await enqueueMail(trx, {
        to: person.email,
        subject: translate(person.locale, 'career.mail.expiry.subject', { name: cert.typeName, date: cert.expiresOn! }),
        text: translate(person.locale, 'career.mail.expiry.body', params)
      });
    }
    return due.length;
  });
}
