import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Columns the database fills in; optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

import type { CalloutCategory, Education, Locale, NegativeRule, OrgLevel, Role, Urgency } from '../../types';

export type { CalloutCategory, Education, Locale, NegativeRule, OrgLevel, Role, Urgency };

import type { BoothTable, CalendarFeedTable, EventTable, ThemeTable } from './tables/calendar';
import type {
  AwardTable, CertificateTypeTable, PayAdjustmentTable, DeductionTable, OvertimeApprovalTable, PayrollLineTable, PayrollRunTable, PayslipTable,
  PerformanceRatingTable, SalaryStructureCertificateTable, SalaryStructureTable, WorkerCertificateTable, WorkerTable
} from './tables/pay';
import type {
  AppraisalQuotaTable, AppraisalTable, HonourTable, HonourTypeTable, PositionHistoryTable, PromotionRuleTable, PromotionTable
} from './tables/career';
import type { CounselingBookingTable, CounselingOverrideTable, CounselingRuleTable, CounselingSettingsTable } from '../counseling/tables';
import type { CheckinTable, CheckinTokenTable } from './tables/wellbeing';
import type { PasswordLinkTable } from './tables/password-link';
import type { TeamInvitationTable } from '../team/tables';

export interface OrgUnitTable {
  id: Generated<string>;
  parentId: string | null;
  level: OrgLevel;
  name: string;
  path: string;
  createdAt: DefaultedTimestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  name: string;
  phone: string | null;
  email: string | null;
  passwordHash: string;
  locale: Defaulted<Locale>;
  homeCommunityId: string | null;
  skills: Defaulted<string[]>;
  education: Education | null;
  disabledAt: Timestamp | null;
  createdAt: DefaultedTimestamp;
  calloutMail: Defaulted<boolean>;
}

export interface MembershipTable {
  id: Generated<string>;
  userId: string;
  role: Role;
  orgUnitId: string;
  grantedBy: string | null;
  grantedAt: DefaultedTimestamp;
}

export interface SessionTable {
  id: string;
  userId: string;
  expiresAt: Timestamp;
  createdAt: DefaultedTimestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: Defaulted<number>;
  windowStartedAt: DefaultedTimestamp;
  lockedUntil: Timestamp | null;
}

export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  at: DefaultedTimestamp;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  orgUnitId: string | null;
  detail: Defaulted<Record<string, unknown>>;
  requestId: string | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface EmailOutboxTable {
  id: Generated<string>;
  messageId: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  /** An iCalendar invite sent as the text/calendar alternative, with its METHOD. */
  ics: Defaulted<string | null>;
  icsMethod: Defaulted<'REQUEST' | 'CANCEL' | 'PUBLISH' | null>;
  /** Only its recipient may read it in the demo mailbox (counseling, password links, pay). */
  privateToRecipient: Defaulted<boolean>;
  status: Defaulted<OutboxStatus>;
  attempts: Defaulted<number>;
  nextAttemptAt: DefaultedTimestamp;
  leaseUntil: Timestamp | null;
  lastError: string | null;
  createdAt: DefaultedTimestamp;
  sentAt: Timestamp | null;
}

export interface EmailAttemptTable {
  id: ColumnType<string, never, never>;
  outboxId: string;
  at: DefaultedTimestamp;
  ok: boolean;
  error: string | null;
}

export interface MailboxMessageTable {
  id: Generated<string>;
  messageId: string;
  toAddress: string;
  subject: string;
  textBody: string;
  raw: string;
  receivedAt: DefaultedTimestamp;
}

export type CalloutStatus = 'draft' | 'open' | 'full' | 'in_progress' | 'completed' | 'cancelled';
export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled';

export interface CalloutTable {
  id: Generated<string>;
  gridId: string;
  createdBy: string;
  title: string;
  description: Defaulted<string>;
  category: CalloutCategory;
  urgency: Defaulted<Urgency>;
  place: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  slots: number;
  confirmedCount: Defaulted<number>;
  requiredSkills: Defaulted<string[]>;
  signupDeadline: Timestamp;
  cancelDeadline: Timestamp;
  status: Defaulted<CalloutStatus>;
  publishedAt: Timestamp | null;
  firstSignupAt: Timestamp | null;
  fullyStaffedAt: Timestamp | null;
  completedAt: Timestamp | null;
  cancelledAt: Timestamp | null;
  result: string | null;
  checkinSecret: ColumnType<string, never, never>;
  teamId: string | null;
  teamSlots: Defaulted<number>;
  teamReleaseAt: Timestamp | null;
  teamReleasedAt: Timestamp | null;
  boothId: string | null;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
}

export interface SignupTable {
  id: Generated<string>;
  calloutId: string;
  volunteerId: string;
  status: SignupStatus;
  seq: ColumnType<number, never, never>;
  createdAt: DefaultedTimestamp;
  confirmedAt: Timestamp | null;
  promotedAt: Timestamp | null;
  cancelledAt: Timestamp | null;
  cancelledLate: Defaulted<boolean>;
  checkedInAt: Timestamp | null;
  checkedOutAt: Timestamp | null;
  checkinMethod: 'code' | 'manual' | null;
  checkinReason: string | null;
  checkinBy: string | null;
  noShow: Defaulted<boolean>;
  teamId: string | null;
  remindedAt: Timestamp | null;
}

export interface TeamTable {
  id: Generated<string>;
  name: string;
  communityId: string;
  leaderId: string;
  createdAt: DefaultedTimestamp;
}

export interface TeamMemberTable {
  teamId: string;
  userId: string;
  joinedAt: DefaultedTimestamp;
  /** The accepted invitation the membership came from; null for the leader and for members from before invitations. */
  invitationId: Defaulted<string | null>;
}

export interface HoursEntryTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  signupId: string;
  volunteerId: string;
  calloutId: string;
  minutes: number;
  kind: 'recorded' | 'confirmed' | 'corrected';
  reason: string | null;
  enteredBy: string | null;
  createdAt: DefaultedTimestamp;
}

export interface HoursCertificateTable {
  id: Generated<string>;
  volunteerId: string;
  code: string;
  volunteerName: string;
  issuer: string | null;
  totalMinutes: number;
  calloutCount: number;
  issuedAt: DefaultedTimestamp;
}

export interface HoursCertificateLineTable {
  certificateId: string;
  position: number;
  calloutId: string;
  title: string;
  startsAt: Timestamp;
  minutes: number;
}

export interface CalloutRatingTable {
  calloutId: string;
  volunteerId: string;
  stars: number;
  comment: string | null;
  createdAt: DefaultedTimestamp;
}

export interface NegativeTermTable {
  id: Generated<string>;
  rule: NegativeRule;
  term: string;
  createdBy: string | null;
  createdAt: DefaultedTimestamp;
}

export interface AppSecretTable {
  name: string;
  value: string;
}

export interface CalloutDigestItemTable {
  volunteerId: string;
  calloutId: string;
  queuedAt: DefaultedTimestamp;
}

export interface DB {
  orgUnit: OrgUnitTable;
  appUser: AppUserTable;
  membership: MembershipTable;
  /** View: memberships in force (a grid worker's role ends with their leave date). */
  activeMembership: MembershipTable;
  session: SessionTable;
  passwordLink: PasswordLinkTable;
  loginThrottle: LoginThrottleTable;
  auditLog: AuditLogTable;
  emailOutbox: EmailOutboxTable;
  emailAttempt: EmailAttemptTable;
  mailboxMessage: MailboxMessageTable;
  callout: CalloutTable;
  signup: SignupTable;
  negativeTerm: NegativeTermTable;
  hoursEntry: HoursEntryTable;
  calloutRating: CalloutRatingTable;
  hoursCertificate: HoursCertificateTable;
  hoursCertificateLine: HoursCertificateLineTable;
  team: TeamTable;
  teamMember: TeamMemberTable;
  teamInvitation: TeamInvitationTable;
  appSecret: AppSecretTable;
  calloutDigestItem: CalloutDigestItemTable;
  theme: ThemeTable;
  event: EventTable;
  booth: BoothTable;
  calendarFeed: CalendarFeedTable;
  worker: WorkerTable;
  certificateType: CertificateTypeTable;
  workerCertificate: WorkerCertificateTable;
  salaryStructure: SalaryStructureTable;
  salaryStructureCertificate: SalaryStructureCertificateTable;
  performanceRating: PerformanceRatingTable;
  overtimeApproval: OvertimeApprovalTable;
  deduction: DeductionTable;
  award: AwardTable;
  payrollRun: PayrollRunTable;
  payslip: PayslipTable;
  payrollLine: PayrollLineTable;
  payAdjustment: PayAdjustmentTable;
  appraisal: AppraisalTable;
  appraisalQuota: AppraisalQuotaTable;
  promotionRule: PromotionRuleTable;
  promotion: PromotionTable;
  positionHistory: PositionHistoryTable;
  honourType: HonourTypeTable;
  honour: HonourTable;
  counselingSettings: CounselingSettingsTable;
  counselingRule: CounselingRuleTable;
  counselingOverride: CounselingOverrideTable;
  counselingBooking: CounselingBookingTable;
  checkin: CheckinTable;
  checkinToken: CheckinTokenTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewOutboxMail = Insertable<EmailOutboxTable>;
