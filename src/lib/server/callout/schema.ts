import { z } from 'zod';
import { CALLOUT_CATEGORIES, NEGATIVE_RULES, SKILLS, URGENCIES } from '$lib/types';
import { Id } from '../auth/schema';
import { When } from '../time-schema';


export const CalloutFields = z.object({
  gridId: Id,
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(4000).default(''),
  category: z.enum(CALLOUT_CATEGORIES),
  urgency: z.enum(URGENCIES).default('normal'),
  place: z.string().trim().min(1).max(120),
  startsAt: When,
  endsAt: When,
  slots: z.number().int().min(1).max(500),
  requiredSkills: z.array(z.enum(SKILLS)).max(SKILLS.length).default([]),
  /** Default: sign-up closes at the start, cancelling is free until 2 hours before. */
  signupDeadline: When.optional(),
  cancelDeadline: When.optional(),
  /** Places reserved for one team of the grid's community; unused ones open to all at teamReleaseAt (default: a day before). */
  teamId: Id.optional(),
  teamSlots: z.number().int().min(0).max(500).default(0),
  teamReleaseAt: When.optional()
});
export type CalloutFields = z.infer<typeof CalloutFields>;

export const CalloutId = z.object({ calloutId: Id });

export const ListCalloutsInput = z.object({
  scope: z.enum(['reach', 'mine', 'managed']).default('reach'),
  category: z.enum(CALLOUT_CATEGORIES).optional(),
  includePast: z.boolean().default(false),
  limit: z.number().int().min(1).max(100).default(50),
  offset: z.number().int().min(0).max(100_000).default(0)
});
export type ListCalloutsInput = z.infer<typeof ListCalloutsInput>;

export const SiteCodeInput = z.object({ calloutId: Id, code: z.string().trim().regex(/^\d{6}$/, { error: 'validation.siteCode' }) });
export type SiteCodeInput = z.infer<typeof SiteCodeInput>;

export const ManualCheckInInput = z.object({
  signupId: Id,
  reason: z.string().trim().min(2).max(200),
  /** Left out during the callout: now. After the end both are required (fixing up attendance). */
  checkedInAt: When.optional(),
  checkedOutAt: When.optional()
});
export type ManualCheckInInput = z.infer<typeof ManualCheckInInput>;

export const ConfirmHoursInput = z.object({
  signupId: Id,
  /** Left out: confirm the recorded minutes as they are. */
  minutes: z.number().int().min(0).max(1440).optional(),
  reason: z.string().trim().max(200).optional()
});
export type ConfirmHoursInput = z.infer<typeof ConfirmHoursInput>;

export const CompleteInput = z.object({ calloutId: Id, result: z.string().trim().min(2).max(4000) });
export const RateInput = z.object({ calloutId: Id, stars: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() });
export type RateInput = z.infer<typeof RateInput>;

export const NegativeTermId = z.object({ id: Id });
export const NegativeTermInput = z.object({ rule: z.enum(NEGATIVE_RULES), term: z.string().trim().min(2).max(20) });
export const DashboardInput = z.object({ days: z.number().int().min(1).max(366).default(30) });
