import { z } from 'zod';
import { EDUCATION_LEVELS } from '$lib/types';
import { Email, Id, optional, PersonName, Phone } from '../auth/schema';
import { Day } from '../time-schema';


export const WORKER_STATUSES = ['active', 'left', 'all'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

export const ListWorkersInput = z.object({
  /** A street, community or grid in the caller's scope; unset = everything in scope. */
  unitId: Id.optional(),
  status: z.enum(WORKER_STATUSES).default('active'),
  search: z.string().trim().max(60).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0)
});
export type ListWorkersInput = z.infer<typeof ListWorkersInput>;

export const WorkerId = z.object({ userId: Id });

export const BankLast4 = z.string().trim().regex(/^\d{4}$/, { error: 'workforce.error.bankLast4' });

/** Creates a worker (no userId) or updates one; a leave date comes with its reason, never before the hire date. */
export const SaveWorkerInput = z
  .object({
    userId: Id.optional(),
    name: PersonName,
    phone: Phone,
    email: optional(Email),
    gridId: Id,
    position: z.string().trim().min(1).max(30),
    hireDate: Day,
    education: z.enum(EDUCATION_LEVELS).nullable().default(null),
    bankLast4: optional(BankLast4),
    leaveDate: optional(Day),
    leaveReason: optional(z.string().trim().max(200))
  })
  .refine((w) => !w.leaveDate || w.leaveReason, { error: 'workforce.error.leaveReasonRequired', path: ['leaveReason'] })
  .refine((w) => !w.leaveReason || w.leaveDate, { error: 'workforce.error.leaveDateRequired', path: ['leaveDate'] })
  .refine((w) => !w.leaveDate || w.leaveDate >= w.hireDate, { error: 'workforce.error.leaveBeforeHire', path: ['leaveDate'] });
export type SaveWorkerInput = z.infer<typeof SaveWorkerInput>;

export const IMPORT_KINDS = ['workers', 'volunteers'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * A file as base64 over plain JSON. The size is checked by the service, not here, so that an
 * oversized file gets its own clear message rather than a generic validation error.
 */
export const ImportInput = z.object({
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string().trim().max(255).default(''),
  contentBase64: z.string(),
  /** false: check only and report; true: import every row in one transaction, or nothing. */
  commit: z.boolean().default(false)
});
export type ImportInput = z.infer<typeof ImportInput>;
