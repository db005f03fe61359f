import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** See migrations/0013_password_link.sql: one-time links to set a password, kept as a hash only. */
export interface PasswordLinkTable {
  id: Generated<string>;
  userId: string;
  tokenHash: string;
  purpose: 'invite' | 'reset';
  createdAt: ColumnType<Date, Date | string | undefined, Date | string>;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}
