/** ISO 8601 week of a day in Asia/Shanghai, as 'YYYY-Www'. */
export function isoWeekOf(instant: Date): string {
  const local = new Date(instant.getTime() + 8 * 3600_000);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of the same week decides the year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The Monday (UTC date) of an ISO week. */
function mondayOf(week: string): Date {
  const [year, w] = [Number(week.slice(0, 4)), Number(week.slice(6))];
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + (w - 1) * 7);
  return monday;
}

/** `count` consecutive ISO weeks ending with `last`, oldest first. */
export function weeksEnding(last: string, count: number): string[] {
  const monday = mondayOf(last);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(monday);
    d.setUTCDate(d.getUTCDate() - (count - 1 - i) * 7);
    // Thursday of that week at noon Shanghai time, safely inside it.
    return isoWeekOf(new Date(d.getTime() + 3 * 86400_000 + 4 * 3600_000));
  });
}
