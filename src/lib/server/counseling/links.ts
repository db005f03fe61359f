import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { verifyLink } from '../secrets/link-signing';
import { slotsOf, type CounselorSlots } from './availability';
import { cancelBooking, rescheduleBooking } from './bookings';
import { LINK_PURPOSE } from './mail';
import { bookingWithPeople } from './queries';
import type { BookingStatus, SessionMode } from './tables';

/**
 * The link in a worker's mail opens the booking for the worker signed in, and for nobody else: a
 * mail can be read by others (a shared inbox, the demo mailbox, a forward), so the token alone
 * grants nothing. It is signed over (booking id, sequence), so a forged token fails the signature
 * and a token from before a change fails the sequence — both get the same plain refusal, and
 * nothing is changed. Another person's booking is NOT_FOUND, as everywhere.
 */
async function bookingOfToken(db: Db, token: string): Promise<{ bookingId: string; sequence: number }> {
  const subject = await verifyLink(db, LINK_PURPOSE, token).catch(() => undefined);
  const m = subject?.match(/^([0-9a-f-]{36})_(\d{1,9})$/);
  if (!m) throw new DomainError('COUNSELING_LINK_INVALID');
  return { bookingId: m[1]!, sequence: Number(m[2]) };
}

export interface LinkedBooking {
  id: string;
  counselorId: string;
  counselorName: string;
  startsAt: string;
  endsAt: string;
  mode: SessionMode;
  place: string;
  status: BookingStatus;
  changeable: boolean;
  minNoticeHours: number;
}

/** What the link page shows: the session, not the worker's name, alias or note. */
export async function linkGet(db: Db, actor: Actor, token: string): Promise<LinkedBooking> {
  const { bookingId, sequence } = await bookingOfToken(db, token);
  const b = await bookingWithPeople(db)
    .leftJoin('counselingSettings as s', 's.counselorId', 'b.counselorId')
    .select('s.minNoticeHours')
    .where('b.id', '=', bookingId)
    .where('b.workerId', '=', actor.userId)
    .executeTakeFirst();
  if (!b) throw new DomainError('NOT_FOUND');
  if (b.sequence !== sequence) throw new DomainError('COUNSELING_LINK_INVALID');
  const minNoticeHours = b.minNoticeHours ?? 0;
  return {
    id: b.id, counselorId: b.counselorId, counselorName: b.counselorName, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString(),
    mode: b.mode, place: b.place, status: b.status, minNoticeHours,
    changeable: b.status === 'booked' && b.startsAt.getTime() >= Date.now() + minNoticeHours * 3600_000
  };
}

/** Free slots of the booking's counselor, to move to. */
export async function linkSlots(db: Db, actor: Actor, token: string, from: string, to: string): Promise<CounselorSlots[]> {
  const b = await linkGet(db, actor, token);
  return slotsOf(db, [{ id: b.counselorId, name: b.counselorName, station: '' }], Date.parse(from), Date.parse(to));
}

export async function linkCancel(db: Db, actor: Actor, token: string, requestId?: string) {
  const { bookingId, sequence } = await bookingOfToken(db, token);
  return cancelBooking(db, bookingId, { workerId: actor.userId, sequence }, requestId);
}

export async function linkReschedule(db: Db, actor: Actor, token: string, startsAt: string, requestId?: string) {
  const { bookingId, sequence } = await bookingOfToken(db, token);
  return rescheduleBooking(db, bookingId, { workerId: actor.userId, sequence }, startsAt, requestId);
}
