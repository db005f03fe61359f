/** Test helpers for counseling (tests only): published hours, a free slot, bookings in the past. */
import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { saveHours } from './hours';
import { slotsOf } from './availability';
import { book } from './bookings';
import { HoursInput } from './schema';
import { localMidnight } from './slots';

export const STATION = '心灵驿站（东湖街道办 3 楼）';

/** Every day 09:00–12:00 at the station (50 min + 10 min break) and 19:00–21:00 online (60 min). */
export const EVERY_DAY: HoursInput = HoursInput.parse({
  minNoticeHours: 24,
  horizonDays: 14,
  rules: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
    { weekday, startTime: '09:00', endTime: '12:00', mode: 'place', place: STATION, slotMinutes: 50, bufferMinutes: 10 },
    { weekday, startTime: '19:00', endTime: '21:00', mode: 'online', place: '腾讯会议（会议号见确认邮件）', slotMinutes: 60, bufferMinutes: 0 }
  ]),
  overrides: []
});

export const publishHours = (db: Db, counselor: Actor, hours: HoursInput = EVERY_DAY) => saveHours(db, counselor, hours);

/** A local Asia/Shanghai date and 'HH:MM' as an ISO instant. */
export const localAt = (date: string, time: string) =>
  new Date(localMidnight(date) + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000).toISOString();

/**
 * The free slots of one counselor over the next two weeks; with `mode`, only those at the station
 * or only those online (which comes first depends on the time of day the test runs).
 */
export async function freeStarts(db: Db, counselorId: string, mode?: 'place' | 'online'): Promise<string[]> {
  const now = Date.now();
  const [c] = await slotsOf(db, [{ id: counselorId, name: '', station: '' }], now, now + 15 * 86_400_000);
  return c?.slots.filter((s) => !mode || s.mode === mode).map((s) => s.startsAt) ?? [];
}

/** Books the `nth` free slot of the counselor (of `mode`, if given) for the worker, through the service. */
export async function bookFree(db: Db, worker: Actor, counselorId: string, extra: { alias?: string; note?: string; mode?: 'place' | 'online' } = {}, nth = 0) {
  const { mode, ...details } = extra;
  const starts = await freeStarts(db, counselorId, mode);
  const startsAt = starts[nth];
  if (!startsAt) throw new Error('no free slot left');
  return book(db, worker, { counselorId, startsAt, ...details });
}

/** Moves a booking to `hoursFromNow` (negative: already started), as if time had passed. */
export async function shiftBooking(db: Db, bookingId: string, hoursFromNow: number, minutes = 50) {
  const start = Date.now() + hoursFromNow * 3600_000;
  await db.updateTable('counselingBooking').set({ startsAt: new Date(start), endsAt: new Date(start + minutes * 60_000) }).where('id', '=', bookingId).execute();
}

/** Plenty of slots for tests that book many times: every day 07:00–22:00 in 15-minute slots, four weeks ahead. */
export const MANY_SLOTS: HoursInput = HoursInput.parse({
  minNoticeHours: 1,
  horizonDays: 28,
  rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '07:00', endTime: '22:00', mode: 'place', place: STATION, slotMinutes: 15, bufferMinutes: 0 })),
  overrides: []
});

/** A booking of `worker` with `counselorId` that started a while ago, ready to be marked. */
export async function startedBooking(db: Db, worker: Actor, counselorId: string): Promise<string> {
  const { bookingId } = await bookFree(db, worker, counselorId);
  // Random minutes in the past, so two such bookings never share a start.
  await shiftBooking(db, bookingId, -1 - Math.random() * 100, 15);
  return bookingId;
}
