import { translate, type Locale } from '$lib/i18n/core';
import { eventTimes, shanghaiToday, toShanghaiInput } from './shanghai-dates';

/**
 * How counseling sessions and free slots read on screen: always Asia/Shanghai, whatever the
 * phone's own zone (DESIGN cross-cutting), grouped by the Shanghai day they fall on.
 */

export interface SlotLike {
  startsAt: string;
  endsAt: string;
  mode: 'place' | 'online';
  place: string;
}

/** The Shanghai day ('YYYY-MM-DD') an instant falls on. */
export const shanghaiDay = (at: string | Date) => toShanghaiInput(at).slice(0, 10);

/** '09:00' in Shanghai. */
export const clock = (at: string | Date) => toShanghaiInput(at).slice(11, 16);

/** '09:00–09:50'. */
export const clockRange = (s: { startsAt: string; endsAt: string }) => `${clock(s.startsAt)}–${clock(s.endsAt)}`;

/** A day as a picker shows it: weekday and date apart, so a narrow chip can stack them. */
export function dayParts(locale: Locale, day: string, now = new Date()): { weekday: string; date: string } {
  const at = new Date(`${day}T00:00:00Z`);
  const today = shanghaiToday(now);
  const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const weekday =
    day === today ? translate(locale, 'counselingui.day.today')
    : day === tomorrow ? translate(locale, 'counselingui.day.tomorrow')
    : new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' }).format(at);
  return { weekday, date: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric' }).format(at) };
}

/** '3月5日周四' / 'Thu, Mar 5'. */
export const dayLabel = (locale: Locale, day: string) =>
  new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(`${day}T00:00:00Z`));

/** '2026年3月5日周四 09:00–09:50'. */
export const sessionTime = (locale: Locale, s: { startsAt: string; endsAt: string }) => eventTimes(locale, s.startsAt, s.endsAt);

/** The room, or "线上（腾讯会议…）". */
export const whereText = (locale: Locale, s: { mode: 'place' | 'online'; place: string }) => translate(locale, `counseling.where.${s.mode}`, { place: s.place });

/** Slots by Shanghai day, earliest first; within a day by start, then as given. */
export function byDay<T extends { startsAt: string }>(slots: T[]): { day: string; slots: T[] }[] {
  const days = new Map<string, T[]>();
  for (const s of [...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const day = shanghaiDay(s.startsAt);
    days.set(day, [...(days.get(day) ?? []), s]);
  }
  return [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, list]) => ({ day, slots: list }));
}

/** Eight weeks ahead, the most one slot search may cover: the counselors' horizons cut it shorter. */
export function slotRange(now = Date.now()): { from: string; to: string } {
  return { from: new Date(now).toISOString(), to: new Date(now + 56 * 86_400_000).toISOString() };
}
