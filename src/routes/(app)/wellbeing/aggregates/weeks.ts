import { translate } from '$lib/i18n/core';
import type { Locale } from '$lib/types';

const DAY = 86400_000;

/** The Monday of an ISO week 'YYYY-Www', as a UTC midnight. */
function mondayOf(week: string): Date {
  const year = Number(week.slice(0, 4));
  const w = Number(week.slice(6));
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = new Date(jan4).getUTCDay() || 7;
  return new Date(jan4 - (weekday - 1) * DAY + (w - 1) * 7 * DAY);
}

/** An ISO week as people read it: "第 11 周", and the day it starts, "3月9日". */
export function weekLabels(locale: Locale, week: string) {
  const w = Number(week.slice(6));
  const start = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(mondayOf(week));
  return {
    short: translate(locale, 'wellbeingui.agg.week', { w }),
    start,
    long: translate(locale, 'wellbeingui.agg.weekLong', { w, year: week.slice(0, 4), date: start })
  };
}
