import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { DomainError } from '../domain-error';
import { busyTimes, loadHours, reachableCounselors, type Counselor } from './queries';
import { earliestStart, freeSlots, horizonEnd, localDate, offeredSlots, type CounselorHours, type Slot } from './slots';
import type { SessionMode } from './tables';

export interface SlotView {
  startsAt: string;
  endsAt: string;
  mode: SessionMode;
  place: string;
}

export interface CounselorSlots extends Counselor {
  minNoticeHours: number;
  horizonDays: number;
  slots: SlotView[];
}

const view = (s: Slot): SlotView => ({ startsAt: new Date(s.start).toISOString(), endsAt: new Date(s.end).toISOString(), mode: s.mode, place: s.place });

/**
 * Free slots of the given counselors in [from, to): four queries in all (hours, overrides, bookings),
 * then generated in memory — twenty counselors over eight weeks is a few thousand slots.
 */
export async function slotsOf(db: Db, counselors: Counselor[], from: number, to: number, now = Date.now()): Promise<CounselorSlots[]> {
  const ids = counselors.map((c) => c.id);
  const [hours, busy] = await Promise.all([loadHours(db, ids, localDate(from), localDate(to - 1)), busyTimes(db, ids, new Date(from), new Date(to))]);
  return counselors.flatMap((c) => {
    const h = hours.get(c.id);
    if (!h) return [];
    return [{ ...c, minNoticeHours: h.minNoticeHours, horizonDays: h.horizonDays, slots: freeSlots(h, from, to, now, busy.get(c.id) ?? []).map(view) }];
  });
}

/** counseling.slots: for grid workers the counselors in reach; for a counselor also their own. */
export async function listSlots(db: Db, actor: Actor, input: { from: string; to: string; counselorId?: string }): Promise<CounselorSlots[]> {
  const counselors = await reachableCounselors(db, actor, input.counselorId);
  if (input.counselorId && counselors.length === 0) throw new DomainError('NOT_FOUND');
  return slotsOf(db, counselors, Date.parse(input.from), Date.parse(input.to));
}

/**
 * The slot starting at `start` as the hours offer it, or the reason it cannot be booked now:
 * not offered at all, inside the minimum notice, or beyond the horizon. Whether it is still free
 * is for the insert to find out.
 */
export function requireSlot(hours: CounselorHours, start: number, now = Date.now()): Slot {
  const slot = offeredSlots(hours, start, start + 1)[0];
  if (!slot || slot.start !== start) throw new DomainError('COUNSELING_SLOT_UNAVAILABLE');
  if (start < earliestStart(hours, now)) throw new DomainError('COUNSELING_NOTICE', { hours: hours.minNoticeHours });
  if (start >= horizonEnd(hours, now)) throw new DomainError('COUNSELING_HORIZON', { days: hours.horizonDays });
  return slot;
}

/** The counselor's hours around one instant, locked FOR SHARE for the rest of the transaction. */
export async function lockedHours(trx: Db, counselorId: string, at: number): Promise<CounselorHours | undefined> {
  const date = localDate(at);
  return (await loadHours(trx, [counselorId], date, date, true)).get(counselorId);
}
