import { DateTime } from 'luxon';
import { TIME_ZONE } from '$lib/i18n';
import type { SessionMode } from './tables';

/**
 * Free slots from office hours, as a pure function: weekly windows, minus days off, plus extra
 * windows, cut into slots, minus busy times, honouring minimum notice and the booking horizon.
 * Hours are wall-clock times in Asia/Shanghai; slots are instants.
 */

export interface HoursWindow {
  /** Minutes after local midnight. */
  startMin: number;
  endMin: number;
  slotMinutes: number;
  bufferMinutes: number;
  mode: SessionMode;
  place: string;
}

export interface CounselorHours {
  minNoticeHours: number;
  horizonDays: number;
  /** Index 1–7 (ISO weekday): that weekday's windows. */
  weekly: HoursWindow[][];
  /** Local dates ('YYYY-MM-DD') whose weekly hours are off. */
  off: Set<string>;
  /** Local date → extra windows. */
  extra: Map<string, HoursWindow[]>;
}

export interface Slot {
  start: number;
  end: number;
  mode: SessionMode;
  place: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** 'HH:MM' or 'HH:MM:SS' → minutes after midnight. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** ISO weekday (1 Monday … 7 Sunday) of a 'YYYY-MM-DD' date. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/**
 * Local midnight of each date as an instant, through the time-zone database (Asia/Shanghai has kept
 * UTC+8 since 1991, but the zone rules decide, not this code). Cached: the same dates recur.
 */
const midnights = new Map<string, number>();
export function localMidnight(date: string): number {
  let ms = midnights.get(date);
  if (ms === undefined) {
    ms = DateTime.fromISO(date, { zone: TIME_ZONE }).toMillis();
    if (midnights.size > 5000) midnights.clear();
    midnights.set(date, ms);
  }
  return ms;
}

/** The local date ('YYYY-MM-DD') an instant falls on. */
export function localDate(ms: number): string {
  return DateTime.fromMillis(ms, { zone: TIME_ZONE }).toISODate()!;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** The windows open on a local date, earliest first. */
export function windowsOn(hours: CounselorHours, date: string): HoursWindow[] {
  const weekly = hours.off.has(date) ? [] : (hours.weekly[isoWeekday(date)] ?? []);
  const extra = hours.extra.get(date) ?? [];
  if (extra.length === 0) return weekly;
  return [...weekly, ...extra].sort((a, b) => a.startMin - b.startMin);
}

/** Every slot the hours offer whose start lies in [from, to), ignoring notice, horizon and bookings. */
export function offeredSlots(hours: CounselorHours, from: number, to: number): Slot[] {
  const slots: Slot[] = [];
  // Windows end by 23:59, so every slot starts and ends on the local date of its window.
  const last = localDate(to - 1);
  for (let date = localDate(from); date <= last; date = addDays(date, 1)) {
    const midnight = localMidnight(date);
    for (const w of windowsOn(hours, date)) {
      const step = (w.slotMinutes + w.bufferMinutes) * MINUTE;
      for (let s = midnight + w.startMin * MINUTE; s + w.slotMinutes * MINUTE <= midnight + w.endMin * MINUTE; s += step) {
        if (s >= from && s < to) slots.push({ start: s, end: s + w.slotMinutes * MINUTE, mode: w.mode, place: w.place });
      }
    }
  }
  return slots;
}

/** The earliest start one may still book (or change or cancel): now plus the minimum notice. */
export const earliestStart = (hours: CounselorHours, now: number) => now + hours.minNoticeHours * 3600_000;

/** Bookable up to the end of the local day `horizonDays` after today. */
export const horizonEnd = (hours: CounselorHours, now: number) => localMidnight(addDays(localDate(now), hours.horizonDays + 1));

/**
 * Free slots starting in [from, to): offered, at least the minimum notice ahead, inside the
 * horizon, and overlapping no busy interval (live bookings, sorted by start).
 */
export function freeSlots(hours: CounselorHours, from: number, to: number, now: number, busy: { start: number; end: number }[]): Slot[] {
  const lo = Math.max(from, earliestStart(hours, now));
  const hi = Math.min(to, horizonEnd(hours, now));
  if (lo >= hi) return [];
  const offered = offeredSlots(hours, lo, hi);
  if (busy.length === 0) return offered;
  // Both lists run by start; busy intervals of one counselor never overlap each other.
  const free: Slot[] = [];
  let b = 0;
  for (const slot of offered) {
    while (b < busy.length && busy[b]!.end <= slot.start) b++;
    let clash = false;
    for (let k = b; k < busy.length && busy[k]!.start < slot.end; k++) {
      if (busy[k]!.end > slot.start) {
        clash = true;
        break;
      }
    }
    if (!clash) free.push(slot);
  }
  return free;
}
