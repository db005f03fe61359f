import type { ColumnType, Generated } from 'kysely';

/** No user, no time: see migrations/0011_wellbeing.sql and docs/anonymity.md. */
export interface CheckinTable {
  id: Generated<string>;
  isoWeek: string;
  communityId: string;
  who5: number[];
  pss4: number[];
  burnout: number;
  who5Score: number;
  pss4Score: number;
  mixed: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface CheckinTokenTable {
  token: string;
}
