import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Columns the database fills in; optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

import type { Education, Locale, OrgLevel, Role } from '../../types';

export type { Education, Locale, OrgLevel, Role };

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

export interface DB {
  orgUnit: OrgUnitTable;
  appUser: AppUserTable;
  membership: MembershipTable;
  session: SessionTable;
  loginThrottle: LoginThrottleTable;
  auditLog: AuditLogTable;
  emailOutbox: EmailOutboxTable;
  emailAttempt: EmailAttemptTable;
  mailboxMessage: MailboxMessageTable;
}

export type OrgUnit = Selectable<OrgUnitTable>;
export type AppUser = Selectable<AppUserTable>;
export type NewOutboxMail = Insertable<EmailOutboxTable>;
