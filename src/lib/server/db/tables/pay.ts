import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates are read as 'YYYY-MM-DD' text; a month is its first day. */
type Day = string;

export type Rating = 'A' | 'B' | 'C' | 'D';
export type DeductionKind = 'social_insurance' | 'housing_fund' | 'income_tax' | 'other';
export type AwardKind = 'annual_excellent' | 'honour' | 'other';
export type RunStatus = 'draft' | 'reviewed' | 'approved' | 'locked' | 'paid';
export type LineKind = 'base' | 'performance' | 'communication' | 'overtime' | 'certificate' | 'award' | 'adjustment' | 'deduction';

export interface WorkerTable {
  userId: string;
  gridId: string;
  position: Defaulted<string>;
  hireDate: Day;
  leaveDate: Day | null;
  leaveReason: string | null;
  bankLast4: string | null;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
}

export interface CertificateTypeTable {
  code: string;
  name: string;
  createdAt: DefaultedTimestamp;
}

export interface WorkerCertificateTable {
  id: Generated<string>;
  workerId: string;
  typeCode: string;
  number: Defaulted<string>;
  issuedBy: Defaulted<string>;
  issuedOn: Day;
  expiresOn: Day | null;
  verifiedAt: Timestamp | null;
  verifiedBy: string | null;
  scan: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>;
  scanType: 'image/png' | 'image/jpeg' | 'application/pdf' | null;
  addedBy: string | null;
  expiryMailAt: Timestamp | null;
  createdAt: DefaultedTimestamp;
}

export interface SalaryStructureTable {
  id: Generated<string>;
  orgUnitId: string;
  effectiveFrom: Day;
  basePayFen: number;
  performanceBaseFen: number;
  coefficientA: number;
  coefficientB: number;
  coefficientC: number;
  coefficientD: number;
  communicationFen: Defaulted<number>;
  overtimeHourFen: Defaulted<number>;
  createdBy: string;
  createdAt: DefaultedTimestamp;
}

export interface SalaryStructureCertificateTable {
  structureId: string;
  typeCode: string;
  monthlyFen: number;
}

export interface PerformanceRatingTable {
  workerId: string;
  month: Day;
  rating: Rating;
  enteredBy: string;
  enteredAt: DefaultedTimestamp;
}

export interface OvertimeApprovalTable {
  id: Generated<string>;
  workerId: string;
  month: Day;
  minutes: number;
  note: Defaulted<string>;
  approvedBy: string;
  createdAt: DefaultedTimestamp;
}

export interface DeductionTable {
  id: Generated<string>;
  workerId: string;
  month: Day;
  kind: DeductionKind;
  amountFen: number;
  note: Defaulted<string>;
  enteredBy: string;
  createdAt: DefaultedTimestamp;
}

export interface AwardTable {
  id: Generated<string>;
  workerId: string;
  kind: AwardKind;
  title: string;
  amountFen: number;
  awardedOn: Day;
  createdBy: string;
  createdAt: DefaultedTimestamp;
}

export interface PayrollRunTable {
  id: Generated<string>;
  orgUnitId: string;
  month: Day;
  status: Defaulted<RunStatus>;
  createdBy: string;
  createdAt: DefaultedTimestamp;
  computedAt: Timestamp | null;
  reviewedBy: string | null;
  reviewedAt: Timestamp | null;
  approvedBy: string | null;
  approvedAt: Timestamp | null;
  lockedBy: string | null;
  lockedAt: Timestamp | null;
  paidBy: string | null;
  paidAt: Timestamp | null;
}

export interface PayslipTable {
  id: Generated<string>;
  runId: string;
  workerId: string;
  month: Day;
}

export interface PayrollLineTable {
  id: Generated<string>;
  payslipId: string;
  runId: string;
  position: number;
  kind: LineKind;
  label: string;
  amountFen: number;
  explanation: string;
  awardId: string | null;
  deductionId: string | null;
  adjustmentId: string | null;
  correctsLineId: string | null;
}

export interface PayAdjustmentTable {
  id: Generated<string>;
  workerId: string;
  month: Day;
  correctsLineId: string;
  amountFen: number;
  reason: string;
  createdBy: string;
  createdAt: DefaultedTimestamp;
}
