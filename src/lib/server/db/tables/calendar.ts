import type { ColumnType, Generated } from 'kysely';

type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ThemeTable {
  id: Generated<string>;
  orgUnitId: string | null;
  name: string;
  description: Defaulted<string>;
  /** 'YYYY-MM-DD' (date columns are read as text). */
  startsOn: string;
  endsOn: string;
  repeatsYearly: Defaulted<boolean>;
  createdBy: string | null;
  createdAt: DefaultedTimestamp;
}

export type EventStatus = 'scheduled' | 'cancelled';

export interface EventTable {
  id: Generated<string>;
  orgUnitId: string;
  themeId: string | null;
  title: string;
  description: Defaulted<string>;
  place: string;
  startsAt: Timestamp;
  endsAt: Timestamp;
  isPublic: Defaulted<boolean>;
  status: Defaulted<EventStatus>;
  sequence: Defaulted<number>;
  createdBy: string;
  createdAt: DefaultedTimestamp;
  updatedAt: DefaultedTimestamp;
}

export interface BoothTable {
  id: Generated<string>;
  eventId: string;
  name: string;
  description: Defaulted<string>;
  createdAt: DefaultedTimestamp;
}

export interface CalendarFeedTable {
  userId: string;
  generation: Defaulted<number>;
  createdAt: DefaultedTimestamp;
}
