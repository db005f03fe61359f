import { z } from 'zod';
import { EDUCATION_LEVELS, SKILLS } from '$lib/types';
import { Id, LocaleInput, PersonName } from '../auth/schema';

export const UpdateProfileInput = z.object({
  name: PersonName,
  homeCommunityId: Id.nullable(),
  skills: z.array(z.enum(SKILLS)).max(SKILLS.length),
  education: z.enum(EDUCATION_LEVELS).nullable(),
  locale: LocaleInput,
  /** Mail about new callouts (urgent ones and the digest); left out: unchanged. */
  calloutMail: z.boolean().optional()
});
export type UpdateProfileInput = z.infer<typeof UpdateProfileInput>;
