/**
 * The server's rule for reporting on site (service/attendance.ts), repeated here only to decide what
 * to offer: a live callout, from 30 minutes before its start until its end. The server still decides.
 */
const EARLY_MS = 30 * 60_000;

type Timed = { startsAt: Date | string; endsAt: Date | string; status: string };

export const checkInOpensAt = (c: Pick<Timed, 'startsAt'>) => new Date(new Date(c.startsAt).getTime() - EARLY_MS);

export function checkInOpen(c: Timed, now = Date.now()): boolean {
  const live = c.status === 'open' || c.status === 'full' || c.status === 'in_progress';
  return live && now >= checkInOpensAt(c).getTime() && now <= new Date(c.endsAt).getTime();
}

/** The grid worker can close the loop once the callout has started. */
export const canComplete = (c: Timed, now = Date.now()) =>
  (c.status === 'open' || c.status === 'full' || c.status === 'in_progress') && new Date(c.startsAt).getTime() <= now;
