import { TIME_ZONE } from '$lib/i18n/core';
import type { Locale } from '$lib/types';

/**
 * Dates and times of the plan as people in the city read them. Themes are whole days
 * ('YYYY-MM-DD', already Shanghai days); events are instants shown in Asia/Shanghai, which has
 * had no daylight saving since 1991, so a wall-clock time there is always +08:00.
 */
const OFFSET_MS = 8 * 3600_000;

function dayText(locale: Locale, date: string, withYear: boolean): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: withYear ? 'numeric' : undefined, month: 'short', day: 'numeric' });
  return format.format(new Date(`${date}T00:00:00Z`));
}

/** '2026-03-01'…'2026-03-31' → "3月1日–3月31日"; the years are named when the span leaves `year`. */
export function themeDates(locale: Locale, from: string, until: string, year?: number): string {
  const withYear = year !== undefined && (from.slice(0, 4) !== String(year) || until.slice(0, 4) !== String(year));
  const first = dayText(locale, from, withYear);
  return from === until ? first : `${first}–${dayText(locale, until, withYear)}`;
}

function dateAndTime(locale: Locale, at: Date) {
  const date = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short' }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return { date, time };
}

/** "2026年3月1日周日 09:00–12:00", or both dates when the event runs over several days. */
export function eventTimes(locale: Locale, startsAt: Date | string, endsAt: Date | string): string {
  const start = dateAndTime(locale, new Date(startsAt));
  const end = dateAndTime(locale, new Date(endsAt));
  const sep = locale === 'en' ? ', ' : ' ';
  return start.date === end.date ? `${start.date}${sep}${start.time}–${end.time}` : `${start.date}${sep}${start.time} – ${end.date}${sep}${end.time}`;
}

/** '2026-03-05T09:30' (a datetime-local value in Beijing time) → '2026-03-05T09:30:00+08:00'; '' stays ''. */
export function fromShanghaiInput(value: string): string {
  if (!value) return '';
  return /T\d\d:\d\d$/.test(value) ? `${value}:00+08:00` : `${value}+08:00`;
}

/** An instant → the datetime-local value that shows it in Beijing time, to the minute. */
export function toShanghaiInput(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** Today's date in Shanghai, 'YYYY-MM-DD'. */
export function shanghaiToday(now = new Date()): string {
  return toShanghaiInput(now).slice(0, 10);
}
