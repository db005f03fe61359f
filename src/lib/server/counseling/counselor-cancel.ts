import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { DomainError } from '../domain-error';
import { auditBooking } from './bookings';
import { queueBookingMails } from './mail';
import { bookingWithPeople } from './queries';
import type { CounselorCancelInput } from './schema';

/**
 * counseling.cancelByCounselor: the booking's own counselor calls a session off (ill, called away)
 * with a reason the worker is told. Unlike the worker, the counselor may do so inside the minimum
 * notice — only not once the session has started. The slot is free again at once; the worker's
 * mail carries the reason, a CANCEL invite (same UID, SEQUENCE + 1) and the way to book again.
 */
export async function cancelByCounselor(db: Db, actor: Actor, input: CounselorCancelInput, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const b = await bookingWithPeople(trx).where('b.id', '=', input.bookingId).where('b.counselorId', '=', actor.userId).forUpdate('b').executeTakeFirst();
    // Another counselor's booking does not exist for this one.
    if (!b) throw new DomainError('NOT_FOUND');
    if (b.status !== 'booked' || b.startsAt.getTime() <= Date.now()) throw new DomainError('COUNSELING_NOT_ACTIVE');
    const row = await trx
      .updateTable('counselingBooking')
      .set({ status: 'cancelled', cancelledBy: 'counselor', cancelReason: input.reason, cancelledAt: sql`now()`, updatedAt: sql`now()`, sequence: sql`sequence + 1` })
      .where('id', '=', b.id)
      .returning('sequence')
      .executeTakeFirstOrThrow();
    await queueBookingMails(trx, 'counselorCancelled', { ...b, sequence: row.sequence }, undefined, input.reason);
    await auditBooking(trx, 'counseling.cancelByCounselor', b.id, requestId);
    return { bookingId: b.id, status: 'cancelled' as const };
  });
}
