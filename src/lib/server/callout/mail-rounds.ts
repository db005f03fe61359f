import { sql } from 'kysely';
import { formatDateTime, translate } from '$lib/i18n';
import type { Db } from '../db/connect';
import { enqueueMail } from '../mail/outbox';
import { ORIGIN, unsubscribeFooter } from './notify';

const DIGEST_MINUTES = () => Number(process.env.CALLOUT_DIGEST_MINUTES ?? 60);

/**
 * One digest per volunteer whose oldest queued callout has waited DIGEST_MINUTES. The queued rows
 * are claimed (SKIP LOCKED) and deleted in the transaction that queues the mail: sent once, by one process.
 */
export async function sendDigests(db: Db): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('calloutDigestItem')
        .select('volunteerId')
        .where('queuedAt', '<=', sql<Date>`now() - ${DIGEST_MINUTES() + ' minutes'}::interval`)
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return false;
      const items = await trx
        .deleteFrom('calloutDigestItem')
        .where('volunteerId', '=', due.volunteerId)
        .returning('calloutId')
        .execute();
      const callouts = await trx
        .selectFrom('callout')
        .select(['id', 'title', 'place', 'startsAt'])
        .where('id', 'in', items.map((i) => i.calloutId))
        .where('status', '=', 'open')
        .where('signupDeadline', '>', sql<Date>`now()`)
        .orderBy('startsAt')
        .execute();
      const person = await trx.selectFrom('appUser').select(['id', 'name', 'email', 'locale', 'calloutMail']).where('id', '=', due.volunteerId).executeTakeFirstOrThrow();
      if (callouts.length && person.email && person.calloutMail) {
        const lines = callouts.map((c) =>
          translate(person.locale, 'mail.digest.item', { title: c.title, when: formatDateTime(person.locale, c.startsAt), place: c.place, url: `${ORIGIN()}/callouts/${c.id}` })
        );
        await enqueueMail(trx, {
          to: person.email,
          subject: translate(person.locale, 'mail.digest.subject', { count: callouts.length }),
          text: translate(person.locale, 'mail.digest.body', { name: person.name, items: lines.join('\n') }) + (await unsubscribeFooter(trx, person.locale, person.id))
        });
        sent++;
      }
      return true;
    });
    if (!done) return sent;
  }
}

/** The day before: every confirmed volunteer of a callout starting within 24 hours gets one reminder. */
export async function sendReminders(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('signup as s')
      .innerJoin('callout as c', 'c.id', 's.calloutId')
      .innerJoin('appUser as u', 'u.id', 's.volunteerId')
      .select(['s.id', 'c.id as calloutId', 'c.title', 'c.place', 'c.startsAt', 'u.name', 'u.email', 'u.locale'])
      .where('s.status', '=', 'confirmed')
      .where('s.remindedAt', 'is', null)
      .where('c.status', 'in', ['open', 'full'])
      .where('c.startsAt', '>', sql<Date>`now()`)
      .where('c.startsAt', '<=', sql<Date>`now() + interval '24 hours'`)
      .limit(200)
      .forUpdate('s')
      .skipLocked()
      .execute();
    for (const r of due) {
      if (r.email) {
        await enqueueMail(trx, {
          to: r.email,
          subject: translate(r.locale, 'mail.reminder.subject', { title: r.title }),
          text: translate(r.locale, 'mail.reminder.body', { name: r.name, title: r.title, when: formatDateTime(r.locale, r.startsAt), place: r.place, url: `${ORIGIN()}/callouts/${r.calloutId}` })
        });
      }
      await trx.updateTable('signup').set({ remindedAt: sql`now()` }).where('id', '=', r.id).execute();
    }
    return due.length;
  });
}
