import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type SessionMode = 'place' | 'online';
export type BookingStatus = 'booked' | 'cancelled' | 'attended' | 'no_show';
export type CancelledBy = 'worker' | 'counselor';

export interface CounselingSettingsTable {
  counselorId: string;
  minNoticeHours: Defaulted<number>;
  horizonDays: Defaulted<number>;
  updatedAt: DefaultedTimestamp;
}

export interface CounselingRuleTable {
  id: Generated<string>;
  counselorId: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** 'HH:MM:SS' local Asia/Shanghai (time columns are read as text). */
  startsTime: string;
  endsTime: string;
  mode: SessionMode;
  place: string;
  slotMinutes: number;
  bufferMinutes: Defaulted<number>;
}

export interface CounselingOverrideTable {
  id: Generated<string>;
  counselorId: string;
  /** 'YYYY-MM-DD' (date columns are read as text). */
  onDate: string;
  kind: 'off' | 'extra';
  startsTime: string | null;
  endsTime: string | null;
  mode: SessionMode | null;
  place: string | null;
  slotMinutes: number | null;
  bufferMinutes: number | null;
}

export interface CounselingBookingTable {
  id: Generated<string>;
  counselorId: string;
  workerId: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  mode: SessionMode;
  place: string;
  alias: string | null;
  note: string | null;
  status: Defaulted<BookingStatus>;
  sequence: Defaulted<number>;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
  cancelledAt: Timestamp | null;
  /** Set with every cancellation (migration 0014). */
  cancelledBy: CancelledBy | null;
  /** The counselor's reason, for the worker's eyes; only when the counselor cancelled. */
  cancelReason: string | null;
  markedAt: Timestamp | null;
  remindedAt: Timestamp | null;
}
