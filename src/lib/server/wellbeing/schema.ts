import { z } from 'zod';
import { Id } from '../auth/schema';

const answers = (count: number, max: number) =>
  z.array(z.number({ error: 'wellbeing.answerMissing' }).int().min(0, { error: 'wellbeing.answerRange' }).max(max, { error: 'wellbeing.answerRange' }), { error: 'wellbeing.answerMissing' })
    .length(count, { error: 'wellbeing.answerMissing' });

export const CheckInInput = z.object({
  who5: answers(5, 5),
  pss4: answers(4, 4),
  burnout: z.number({ error: 'wellbeing.answerMissing' }).int().min(1, { error: 'wellbeing.answerRange' }).max(5, { error: 'wellbeing.answerRange' })
});
export type CheckInInput = z.infer<typeof CheckInInput>;

export const AggregatesInput = z.object({
  unitId: Id,
  /** The last week shown, 'YYYY-Www'; defaults to the current week. */
  toWeek: z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, { error: 'validation.invalid' }).optional(),
  weeks: z.number().int().min(1).max(52).default(12)
});
export type AggregatesInput = z.infer<typeof AggregatesInput>;
