import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type AppraisalResult = 'excellent' | 'qualified' | 'basic' | 'unqualified';
export type PromotionStatus = 'nominated' | 'reviewed' | 'approved' | 'rejected';

/** One condition of a promotion rule, as stored in promotion_rule.conditions. */
export type RuleCondition =
  | { kind: 'consecutive_rating'; result: AppraisalResult; years: number }
  | { kind: 'education_min'; level: string }
  | { kind: 'certificate'; typeCode: string }
  | { kind: 'years_of_service'; years: number };

export interface AppraisalTable {
  workerId: string;
  year: number;
  result: AppraisalResult;
  comment: Defaulted<string>;
  enteredBy: string;
  enteredAt: DefaultedTimestamp;
}

export interface AppraisalQuotaTable {
  orgUnitId: string;
  excellentPercent: number;
}

export interface PromotionRuleTable {
  id: Generated<string>;
  name: string;
  targetPosition: string;
  conditions: JSONColumnType<RuleCondition[], string, string>;
  active: Defaulted<boolean>;
  createdAt: DefaultedTimestamp;
}

export interface PromotionTable {
  id: Generated<string>;
  workerId: string;
  ruleId: string | null;
  targetPosition: string;
  status: Defaulted<PromotionStatus>;
  reason: Defaulted<string>;
  nominatedBy: string;
  nominatedAt: DefaultedTimestamp;
  reviewedBy: string | null;
  reviewedAt: Timestamp | null;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  decisionNote: Defaulted<string>;
  effectiveOn: string | null;
}

export interface PositionHistoryTable {
  id: Generated<string>;
  workerId: string;
  position: string;
  startedOn: string;
  promotionId: string | null;
  createdAt: DefaultedTimestamp;
}

export interface HonourTypeTable {
  code: string;
  name: string;
}

export interface HonourTable {
  id: Generated<string>;
  workerId: string;
  typeCode: string;
  year: number;
  citation: string;
  awardedBy: string;
  awardedAt: DefaultedTimestamp;
}
