import { z } from 'zod';
import { Id } from '../auth/schema';
import { When, Day } from '../time-schema';


export const ThemeFields = z.object({
  /** null: the shared plan every unit sees (city admins only). */
  unitId: Id.nullable().default(null),
  name: z.string().trim().min(2).max(40),
  description: z.string().trim().max(1000).default(''),
  startsOn: Day,
  endsOn: Day,
  repeatsYearly: z.boolean().default(false)
});
export type ThemeFields = z.infer<typeof ThemeFields>;

export const ThemeId = z.object({ themeId: Id });
export const UpdateThemeInput = ThemeId.extend({ fields: ThemeFields });
export const ListThemesInput = z.object({ year: z.number().int().min(2000).max(2100) });

export const EventFields = z.object({
  unitId: Id,
  themeId: Id.nullable().default(null),
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(4000).default(''),
  place: z.string().trim().min(1).max(120),
  startsAt: When,
  endsAt: When,
  isPublic: z.boolean().default(true)
});
export type EventFields = z.infer<typeof EventFields>;

export const EventId = z.object({ eventId: Id });
export const UpdateEventInput = EventId.extend({ fields: EventFields });

export const BoothFields = z.object({
  eventId: Id,
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(1000).default('')
});
export type BoothFields = z.infer<typeof BoothFields>;
export const BoothId = z.object({ boothId: Id });
