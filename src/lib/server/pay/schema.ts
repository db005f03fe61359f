import { z } from 'zod';
import { Id } from '../auth/schema';
import { Day } from '../time-schema';

/** Whole fen, never negative, below 1 亿元: a fraction or a sign is refused with one clear message. */
export const Fen = z.number({ error: 'validation.fen' }).int({ error: 'validation.fen' }).min(0, { error: 'validation.fen' }).max(10_000_000_000, { error: 'validation.fen' });
const PositiveFen = Fen.refine((n) => n > 0, { error: 'validation.fen' });
/** 'YYYY-MM' in, the month's first day out. */
export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'validation.month' })
  .transform((m) => `${m}-01`);
const Coefficient = z.number().int().min(0).max(5000);

export const StructureInput = z.object({
  unitId: Id,
  effectiveFrom: Day,
  basePayFen: Fen,
  performanceBaseFen: Fen,
  /** Thousandths: 1200 = ×1.2. */
  coefficients: z.object({ A: Coefficient, B: Coefficient, C: Coefficient, D: Coefficient }),
  communicationFen: Fen.default(0),
  overtimeHourFen: Fen.default(0),
  certificates: z
    .array(z.object({ typeCode: z.string().regex(/^[a-z_]{2,40}$/), monthlyFen: PositiveFen }))
    .max(50)
    // One allowance per certificate type.
    .refine((cs) => new Set(cs.map((c) => c.typeCode)).size === cs.length, { error: 'validation.invalid' })
    .default([])
});
export type StructureInput = z.infer<typeof StructureInput>;

export const UnitMonth = z.object({ unitId: Id, month: Month });
export const RatingsInput = z.object({
  month: Month,
  ratings: z
    .array(z.object({ workerId: Id, rating: z.enum(['A', 'B', 'C', 'D']) }))
    .min(1)
    .max(5000)
    // One rating per worker: the same worker twice cannot be upserted in one statement.
    .refine((rs) => new Set(rs.map((r) => r.workerId)).size === rs.length, { error: 'validation.invalid' })
});
export type RatingsInput = z.infer<typeof RatingsInput>;
export const OvertimeInput = z.object({ workerId: Id, month: Month, minutes: z.number().int().min(1).max(12000), note: z.string().trim().max(200).default('') });
export type OvertimeInput = z.infer<typeof OvertimeInput>;
export const DeductionInput = z.object({
  workerId: Id, month: Month, kind: z.enum(['social_insurance', 'housing_fund', 'income_tax', 'other']), amountFen: PositiveFen, note: z.string().trim().max(200).default('')
});
export type DeductionInput = z.infer<typeof DeductionInput>;
export const AwardInput = z.object({
  workerId: Id, kind: z.enum(['annual_excellent', 'honour', 'other']), title: z.string().trim().min(2).max(60), amountFen: PositiveFen, awardedOn: Day
});
export type AwardInput = z.infer<typeof AwardInput>;
export const AdjustmentInput = z.object({
  correctsLineId: Id,
  month: Month,
  /** Signed: more pay positive, a clawback negative; never zero. */
  amountFen: z.number({ error: 'validation.fen' }).int({ error: 'validation.fen' }).min(-10_000_000_000).max(10_000_000_000).refine((n) => n !== 0, { error: 'validation.fen' }),
  reason: z.string().trim().min(2).max(200)
});
export type AdjustmentInput = z.infer<typeof AdjustmentInput>;
export const RunId = z.object({ runId: Id });
export const PayslipId = z.object({ payslipId: Id });
