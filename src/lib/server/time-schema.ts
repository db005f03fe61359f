import { z } from 'zod';

/**
 * Dates and instants as inputs take them. Beyond the ISO form, the year must be one a record of
 * the portal can hold (1900–2199): an instant at the edge of year 9999 would overflow once shown in
 * Asia/Shanghai, and the user is told which field is wrong instead of meeting a database error.
 */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;
const inRange = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;
const RANGE = { error: 'validation.dateRange' } as const;

/** An instant with its UTC offset: '2026-03-05T09:30:00+08:00'. */
export const When = z.iso
  .datetime({ offset: true, error: 'validation.datetime' })
  .refine((value) => inRange(new Date(value).getUTCFullYear()), RANGE);

/** A calendar day, 'YYYY-MM-DD'. */
export const Day = z.iso.date({ error: 'validation.date' }).refine((value) => inRange(Number(value.slice(0, 4))), RANGE);
