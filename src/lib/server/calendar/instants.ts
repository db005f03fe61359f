/** A Date that holds an instant: not Invalid Date (an unreadable stored time), not ±infinity. */
export const isReadable = (d: Date) => d instanceof Date && Number.isFinite(d.getTime());

/**
 * An item's start and end as ISO text, or null when either cannot be read: then that one item is
 * left out (and logged by id), and the calendar still shows everything else to everyone.
 */
export function isoSpan(what: string, startsAt: Date, endsAt: Date): { start: string; end: string } | null {
  if (isReadable(startsAt) && isReadable(endsAt)) return { start: startsAt.toISOString(), end: endsAt.toISOString() };
  console.warn(`[calendar] left out ${what}: its time cannot be read`);
  return null;
}
