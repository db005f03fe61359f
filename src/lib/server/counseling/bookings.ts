import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { audit } from '../audit/audit';
import { DomainError, isUniqueViolation, pgConstraint } from '../domain-error';
import { hasRole } from '../org/scope';
import { lockedHours, requireSlot } from './availability';
import { bookingToken, queueBookingMails } from './mail';
import { bookingWithPeople, insertBooking, LIVE, moveBooking, reachableCounselors, type BookingWithPeople } from './queries';
import type { BookInput, MarkInput, MineInput } from './schema';
import type { BookingStatus, CancelledBy, SessionMode } from './tables';

const DAY = 86_400_000;

/**
 * Who asks for a change: always the booker, signed in. By the mail's link, also the sequence the
 * link was signed with, which must still be the booking's.
 */
export type Requester = { workerId: string; sequence?: number };

/** A loser of the race for a slot: the insert found the slot taken, or the unique index refused it. */
function slotTaken(err: unknown): unknown {
  return isUniqueViolation(err) && pgConstraint(err) === 'counseling_booking_slot_idx' ? new DomainError('SLOT_TAKEN') : err;
}

/**
 * No day-before reminder for a session less than a day away: the confirmation has just gone out.
 * Marking it reminded keeps the reminder round from sending one.
 */
const remindedAtFor = (start: number, now: number) => (start - now < DAY ? new Date(now) : null);

/**
 * Audit entries about bookings say what happened to which booking and nothing more: no actor
 * (which would name the worker), no unit, no name, no note. Without a unit they never show in the
 * admins' audit view either.
 */
export const auditBooking = (db: Db, action: string, bookingId: string, requestId?: string) =>
  audit(db, { actorId: null, action, targetType: 'counseling_booking', targetId: bookingId, requestId });

/** counseling.book: a grid worker takes a free slot of a counselor in reach. */
export async function book(db: Db, actor: Actor, input: BookInput, requestId?: string) {
  const [counselor] = await reachableCounselors(db, actor, input.counselorId, true);
  if (!counselor) throw new DomainError('NOT_FOUND');
  const start = Date.parse(input.startsAt);
  try {
    return await db.transaction().execute(async (trx) => {
      const hours = await lockedHours(trx, counselor.id, start);
      if (!hours) throw new DomainError('NOT_FOUND');
      const now = Date.now();
      const slot = requireSlot(hours, start, now);
      const row = await insertBooking(trx, {
        counselorId: counselor.id, workerId: actor.userId, start: new Date(slot.start), end: new Date(slot.end), mode: slot.mode, place: slot.place,
        alias: input.alias ?? null, note: input.note ?? null, remindedAt: remindedAtFor(slot.start, now)
      });
      // Someone else's booking overlaps: committed before ours looked (the index catches the rest).
      if (!row) throw new DomainError('SLOT_TAKEN');
      const facts = await bookingWithPeople(trx).where('b.id', '=', row.id).executeTakeFirstOrThrow();
      await queueBookingMails(trx, 'booked', facts);
      await auditBooking(trx, 'counseling.book', row.id, requestId);
      return { bookingId: row.id, counselorName: counselor.name, startsAt: facts.startsAt.toISOString(), endsAt: facts.endsAt.toISOString(), mode: facts.mode, place: facts.place };
    });
  } catch (err) {
    throw slotTaken(err);
  }
}

/** The booking row locked for a change by its booker; someone else's booking does not exist for them. */
async function lockForChange(trx: Db, bookingId: string, who: Requester): Promise<BookingWithPeople> {
  const b = await bookingWithPeople(trx).where('b.id', '=', bookingId).where('b.workerId', '=', who.workerId).forUpdate('b').executeTakeFirst();
  if (!b) throw new DomainError('NOT_FOUND');
  if (who.sequence !== undefined && b.sequence !== who.sequence) throw new DomainError('COUNSELING_LINK_INVALID');
  if (b.status !== 'booked') throw new DomainError('COUNSELING_NOT_ACTIVE');
  return b;
}

async function requireNotice(trx: Db, b: BookingWithPeople, now: number, minNoticeHours?: number): Promise<void> {
  const hours = minNoticeHours ?? (await trx.selectFrom('counselingSettings').select('minNoticeHours').where('counselorId', '=', b.counselorId).executeTakeFirst())?.minNoticeHours ?? 0;
  if (b.startsAt.getTime() < now + hours * 3600_000) throw new DomainError('COUNSELING_NOTICE', { hours });
}

/** counseling.cancel (and by link): until the minimum notice; the slot is free again at once. */
export async function cancelBooking(db: Db, bookingId: string, who: Requester, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const b = await lockForChange(trx, bookingId, who);
    await requireNotice(trx, b, Date.now());
    const row = await trx
      .updateTable('counselingBooking')
      .set({ status: 'cancelled', cancelledBy: 'worker', cancelledAt: sql`now()`, updatedAt: sql`now()`, sequence: sql`sequence + 1` })
      .where('id', '=', b.id)
      .returning('sequence')
      .executeTakeFirstOrThrow();
    await queueBookingMails(trx, 'cancelled', { ...b, sequence: row.sequence });
    await auditBooking(trx, 'counseling.cancel', b.id, requestId);
    return { bookingId: b.id, status: 'cancelled' as const };
  });
}

/**
 * counseling.reschedule (and by link): to another free slot of the same counselor, while the
 * current one is still outside the minimum notice. Same booking, same UID, SEQUENCE + 1; the
 * answer carries the new link token, as the old one stops working.
 */
export async function rescheduleBooking(db: Db, bookingId: string, who: Requester, startsAt: string, requestId?: string) {
  const start = Date.parse(startsAt);
  try {
    return await db.transaction().execute(async (trx) => {
      const b = await lockForChange(trx, bookingId, who);
      const hours = await lockedHours(trx, b.counselorId, start);
      if (!hours) throw new DomainError('COUNSELING_SLOT_UNAVAILABLE');
      const now = Date.now();
      await requireNotice(trx, b, now, hours.minNoticeHours);
      if (start === b.startsAt.getTime()) throw new DomainError('SLOT_TAKEN');
      const slot = requireSlot(hours, start, now);
      const moved = await moveBooking(trx, { id: b.id, start: new Date(slot.start), end: new Date(slot.end), mode: slot.mode, place: slot.place, remindedAt: remindedAtFor(slot.start, now) });
      if (!moved) throw new DomainError('SLOT_TAKEN');
      const facts = { ...b, sequence: moved.sequence, startsAt: new Date(slot.start), endsAt: new Date(slot.end), mode: slot.mode, place: slot.place };
      await queueBookingMails(trx, 'changed', facts, b.startsAt);
      await auditBooking(trx, 'counseling.reschedule', b.id, requestId);
      return {
        bookingId: b.id, startsAt: facts.startsAt.toISOString(), endsAt: facts.endsAt.toISOString(), mode: slot.mode, place: slot.place,
        token: await bookingToken(trx, b.id, moved.sequence)
      };
    });
  } catch (err) {
    throw slotTaken(err);
  }
}

export interface MyBooking {
  id: string;
  /** A move stays with the same counselor: whose free slots to offer. */
  counselorId: string;
  counselorName: string;
  startsAt: string;
  endsAt: string;
  mode: SessionMode;
  place: string;
  alias: string | null;
  /** The note itself is for the counselor's eyes only. */
  hasNote: boolean;
  status: BookingStatus;
  /** Still outside the minimum notice: may be cancelled or moved. */
  changeable: boolean;
  cancelledBy: CancelledBy | null;
  /** The counselor's reason, when the counselor cancelled. */
  cancelReason: string | null;
  minNoticeHours: number;
}

export interface CounselorSession {
  id: string;
  /** The alias when one was given, else the worker's name. */
  who: string;
  aliased: boolean;
  note: string | null;
  startsAt: string;
  endsAt: string;
  mode: SessionMode;
  place: string;
  status: BookingStatus;
  /** Started and not cancelled: attended / no-show may be set. */
  markable: boolean;
  /** Booked and not yet started: the counselor may still cancel it (even inside the notice). */
  cancellable: boolean;
  cancelledBy: CancelledBy | null;
}

const LIST_LIMIT = 200;

/**
 * counseling.mine: the caller's own bookings as a grid worker, and as a counselor the sessions
 * booked with them — never anyone else's. Upcoming: not yet ended, soonest first; past: latest first.
 */
export async function mine(db: Db, actor: Actor, input: MineInput): Promise<{ bookings: MyBooking[]; sessions: CounselorSession[] }> {
  const upcoming = input.when === 'upcoming';
  const now = Date.now();
  const bookings = hasRole(actor, ['grid_worker'])
    ? await db
        .selectFrom('counselingBooking as b')
        .innerJoin('appUser as c', 'c.id', 'b.counselorId')
        .leftJoin('counselingSettings as s', 's.counselorId', 'b.counselorId')
        .select(['b.id', 'b.counselorId', 'c.name as counselorName', 'b.startsAt', 'b.endsAt', 'b.mode', 'b.place', 'b.alias', 'b.note', 'b.status', 'b.cancelledBy', 'b.cancelReason', 's.minNoticeHours'])
        .where('b.workerId', '=', actor.userId)
        .where('b.endsAt', upcoming ? '>' : '<=', new Date(now))
        .orderBy('b.startsAt', upcoming ? 'asc' : 'desc')
        .limit(LIST_LIMIT)
        .execute()
    : [];
  const sessions = hasRole(actor, ['counselor'])
    ? await db
        .selectFrom('counselingBooking as b')
        .innerJoin('appUser as w', 'w.id', 'b.workerId')
        .select(['b.id', 'b.alias', 'w.name as workerName', 'b.note', 'b.startsAt', 'b.endsAt', 'b.mode', 'b.place', 'b.status', 'b.cancelledBy'])
        .where('b.counselorId', '=', actor.userId)
        .where('b.endsAt', upcoming ? '>' : '<=', new Date(now))
        .orderBy('b.startsAt', upcoming ? 'asc' : 'desc')
        .limit(LIST_LIMIT)
        .execute()
    : [];
  return {
    bookings: bookings.map((b) => {
      const minNoticeHours = b.minNoticeHours ?? 0;
      return {
        id: b.id, counselorId: b.counselorId, counselorName: b.counselorName, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(), mode: b.mode, place: b.place,
        alias: b.alias, hasNote: b.note !== null, status: b.status, cancelledBy: b.cancelledBy, cancelReason: b.cancelReason,
        changeable: b.status === 'booked' && b.startsAt.getTime() >= now + minNoticeHours * 3600_000, minNoticeHours
      };
    }),
    sessions: sessions.map((s) => ({
      id: s.id, who: s.alias ?? s.workerName, aliased: s.alias !== null, note: s.note, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(),
      mode: s.mode, place: s.place, status: s.status, markable: s.status !== 'cancelled' && s.startsAt.getTime() <= now,
      cancellable: s.status === 'booked' && s.startsAt.getTime() > now, cancelledBy: s.cancelledBy
    }))
  };
}

/**
 * counseling.mark: attended or no-show, by the booking's own counselor, once the session has
 * started (a mistake may be corrected). Another counselor's booking does not exist for them.
 */
export async function mark(db: Db, actor: Actor, input: MarkInput, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('counselingBooking')
      .set({ status: input.outcome, markedAt: sql`now()`, updatedAt: sql`now()` })
      .where('id', '=', input.bookingId)
      .where('counselorId', '=', actor.userId)
      .where('status', 'in', LIVE)
      .where('startsAt', '<=', sql<Date>`now()`)
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!row) {
      const b = await trx.selectFrom('counselingBooking').select('status').where('id', '=', input.bookingId).where('counselorId', '=', actor.userId).executeTakeFirst();
      if (!b) throw new DomainError('NOT_FOUND');
      throw new DomainError(b.status === 'cancelled' ? 'COUNSELING_NOT_ACTIVE' : 'COUNSELING_NOT_STARTED');
    }
    await audit(trx, { actorId: actor.userId, action: 'counseling.mark', targetType: 'counseling_booking', targetId: row.id, requestId });
    return { bookingId: row.id, status: row.status };
  });
}
