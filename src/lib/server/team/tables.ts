import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn';

/** See migrations/0020_team_invitations.sql: a volunteer joins a team only by accepting one of these. */
export interface TeamInvitationTable {
  id: Generated<string>;
  teamId: string;
  userId: string;
  invitedBy: string;
  via: 'phone' | 'email';
  status: Defaulted<InvitationStatus>;
  invitedAt: Defaulted<Date>;
  answeredAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
