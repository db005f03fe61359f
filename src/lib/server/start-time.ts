import { DomainError } from './domain-error';

/**
 * How far in the past a new start may lie: clocks that differ by a little, and an urgent callout
 * whose start was typed as "now" on a form that then took a few minutes to fill in.
 */
export const START_GRACE_MS = 10 * 60_000;

export const startHasPassed = (startsAt: Date, now = Date.now()) => startsAt.getTime() < now - START_GRACE_MS;

/**
 * A new callout or event starts now or later; the 1900–2199 bound of the input schema is for
 * records of the past (dates of birth, appraisals), not for what is being planned.
 */
export function assertStartNotPast(startsAt: Date, now = Date.now()) {
  if (startHasPassed(startsAt, now)) throw new DomainError('START_IN_PAST', undefined, { startsAt: 'error.START_IN_PAST' });
}
