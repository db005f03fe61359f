import { z } from 'zod';
import { Id } from '../auth/schema';
import { Day } from '../time-schema';

const Year = z.number().int().min(2000).max(2100);

export const AppraisalInput = z.object({
  workerId: Id,
  year: Year,
  result: z.enum(['excellent', 'qualified', 'basic', 'unqualified']),
  comment: z.string().trim().max(500).default('')
});
export type AppraisalInput = z.infer<typeof AppraisalInput>;

/** Scans travel as base64 in JSON; the size and the real type are checked on the decoded bytes. */
export const CertificateInput = z.object({
  /** Left out by a worker adding their own. */
  workerId: Id.optional(),
  typeCode: z.string().regex(/^[a-z_]{2,40}$/),
  number: z.string().trim().max(60).default(''),
  issuedBy: z.string().trim().max(80).default(''),
  issuedOn: Day,
  expiresOn: Day.nullable().default(null),
  scanBase64: z.string().max(8_000_000).optional()
});
export type CertificateInput = z.infer<typeof CertificateInput>;
export const CertificateId = z.object({ certificateId: Id });

export const WorkerId = z.object({ workerId: Id });
export const NominateInput = z.object({
  workerId: Id,
  ruleId: Id.optional(),
  targetPosition: z.string().trim().min(2).max(40),
  reason: z.string().trim().max(500).default('')
});
export type NominateInput = z.infer<typeof NominateInput>;
export const DecideInput = z.discriminatedUnion('decision', [
  z.object({ promotionId: Id, decision: z.literal('review'), note: z.string().trim().max(500).default('') }),
  z.object({ promotionId: Id, decision: z.literal('approve'), effectiveOn: Day, note: z.string().trim().max(500).default('') }),
  z.object({ promotionId: Id, decision: z.literal('reject'), note: z.string().trim().min(2).max(500) })
]);
export type DecideInput = z.infer<typeof DecideInput>;
export const HonourInput = z.object({ workerId: Id, typeCode: z.string().regex(/^[a-z_]{2,40}$/), year: Year, citation: z.string().trim().min(2).max(300) });
export type HonourInput = z.infer<typeof HonourInput>;
export const UnitYear = z.object({ unitId: Id, year: Year });
