import type { trpc } from '$lib/trpc/client';

/** What the server answers to a check-in; kept in the page's memory only, never stored. */
export type CheckInResult = Awaited<ReturnType<typeof trpc.wellbeing.checkIn.submit.mutate>>;

/** 'YYYY-MM-DD' as a day people read ("3月16日星期一", "Monday, March 16"). */
export function dayName(locale: string, day: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', weekday: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
