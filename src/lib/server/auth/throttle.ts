import { sql } from 'kysely';
import type { Db } from '../db/connect';

/** Per account name: 5 failures in 15 minutes lock it for 15 minutes. Per address: 30. */
export const LIMITS = { account: 5, ip: 30 } as const;
export const LOCK_MINUTES = 15;

export const accountKey = (identifier: string) => `account:${identifier}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Minutes left on the longest lock among the keys, or 0. Kept in the database so all processes agree. */
export async function lockedMinutes(db: Db, keys: string[]): Promise<number> {
  const row = await db
    .selectFrom('loginThrottle')
    .select(sql<number>`ceil(extract(epoch from max(locked_until) - now()) / 60)::int`.as('minutes'))
    .where('key', 'in', keys)
    .where('lockedUntil', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.minutes ?? 0;
}

/** How long failures count toward the limit, and how long the key is locked once they reach it. Login's by default. */
export interface ThrottleTimes {
  windowMinutes: number;
  lockMinutes: number;
}
const LOGIN_TIMES: ThrottleTimes = { windowMinutes: 15, lockMinutes: LOCK_MINUTES };

/** Counts one failure atomically (one upsert), locking the key when it reaches its limit. */
export async function recordFailure(db: Db, key: string, limit: number, times: ThrottleTimes = LOGIN_TIMES): Promise<void> {
  const window = `${times.windowMinutes} minutes`;
  const lock = sql<Date>`now() + ${times.lockMinutes + ' minutes'}::interval`;
  const stale = sql<boolean>`login_throttle.window_started_at < now() - ${window}::interval`;
  const failures = sql<number>`case when ${stale} then 1 else login_throttle.failures + 1 end`;
  await db
    .insertInto('loginThrottle')
    .values({ key, failures: 1, windowStartedAt: sql`now()`, lockedUntil: limit <= 1 ? lock : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures,
        windowStartedAt: sql`case when ${stale} then now() else login_throttle.window_started_at end`,
        lockedUntil: sql`case when ${failures} >= ${limit} then ${lock} else login_throttle.locked_until end`
      })
    )
    .execute();
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('loginThrottle').where('key', '=', key).execute();
}
