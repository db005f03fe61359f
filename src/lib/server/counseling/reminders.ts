import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { queueBookingMails } from './mail';
import { bookingWithPeople } from './queries';

const BATCH = 200;

/**
 * The day-before reminder: for each booked session starting within the next 24 hours that has had
 * none. The UPDATE … RETURNING claims the rows (SKIP LOCKED lets another process take the next
 * ones; a row it already claimed fails `reminded_at is null` here), and the mails are queued in the
 * same transaction, so several processes running this round send each reminder once.
 */
export async function counselingReminderRound(db: Db): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('counselingBooking')
      .set({ remindedAt: sql`now()` })
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('counselingBooking')
          .select('id')
          .where('status', '=', 'booked')
          .where('remindedAt', 'is', null)
          .where('startsAt', '>', sql<Date>`now()`)
          .where('startsAt', '<=', sql<Date>`now() + interval '24 hours'`)
          .orderBy('startsAt')
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
      )
      .where('remindedAt', 'is', null)
      .returning('id')
      .execute();
    if (claimed.length === 0) return 0;
    const bookings = await bookingWithPeople(trx).where('b.id', 'in', claimed.map((c) => c.id)).execute();
    for (const b of bookings) await queueBookingMails(trx, 'reminder', b);
    return bookings.length;
  });
}
