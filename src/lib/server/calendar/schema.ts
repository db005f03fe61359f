import { z } from 'zod';
import { CALENDAR_KINDS, CALLOUT_CATEGORIES } from '$lib/types';
import { Id } from '../auth/schema';
import { When } from '../time-schema';

export type { CalendarKind } from '$lib/types';

/** A month view shows six weeks; a little more is allowed, a year at once is not. */
const MAX_RANGE_DAYS = 62;

export const RangeInput = z
  .object({
    from: When,
    to: When,
    kinds: z.array(z.enum(CALENDAR_KINDS)).max(CALENDAR_KINDS.length).default([...CALENDAR_KINDS]),
    unitId: Id.optional(),
    category: z.enum(CALLOUT_CATEGORIES).optional()
  })
  .refine((r) => {
    const days = (Date.parse(r.to) - Date.parse(r.from)) / 86400_000;
    return days > 0 && days <= MAX_RANGE_DAYS;
  }, { error: 'validation.range', path: ['to'] });
export type RangeInput = z.infer<typeof RangeInput>;
