import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { clearFailures, lockedMinutes, recordFailure, type ThrottleTimes } from '../auth/throttle';

/**
 * Wrong on-site codes are counted like failed logins (auth/throttle, same table, keys of their
 * own): 5 per volunteer and callout, or 50 per address (a whole team on one Wi-Fi may mistype),
 * within 10 minutes, then a 10-minute pause. Six digits with two codes live at a time make a
 * guess 1 in 500 000; five tries in a window keep a guesser far from it. The grid worker's
 * check-in by hand does not pass here.
 */
export const SITE_CODE_LIMITS = { volunteer: 5, address: 50 } as const;
export const SITE_CODE_TIMES: ThrottleTimes = { windowMinutes: 10, lockMinutes: 10 };

export interface CodeAttempt {
  volunteerId: string;
  calloutId: string;
  ip: string;
}

const volunteerKey = (a: CodeAttempt) => `site-code:${a.volunteerId}:${a.calloutId}`;
const addressKey = (a: CodeAttempt) => `site-code-ip:${a.ip}`;

/**
 * Lets the code through if it is right and neither budget is spent; otherwise counts it and
 * refuses. Decided under the two throttle rows' locks, so simultaneous tries
 * queue and a burst cannot test more codes than the budget. The code itself is never stored.
 */
export async function throttledCodeCheck(db: Db, attempt: CodeAttempt, isRight: () => boolean): Promise<void> {
  // Always the address first, then the volunteer: one order for everyone, so two tries never deadlock.
  const budgets = [
    { key: addressKey(attempt), limit: SITE_CODE_LIMITS.address },
    { key: volunteerKey(attempt), limit: SITE_CODE_LIMITS.volunteer }
  ];
  const keys = budgets.map((b) => b.key);
  const verdict = await db.transaction().execute(async (trx) => {
    await trx.insertInto('loginThrottle').values(keys.map((key) => ({ key }))).onConflict((oc) => oc.column('key').doNothing()).execute();
    for (const key of keys) await trx.selectFrom('loginThrottle').select('key').where('key', '=', key).forUpdate().execute();
    const minutes = await lockedMinutes(trx, keys);
    if (minutes > 0) return { minutes };
    if (isRight()) {
      await clearFailures(trx, volunteerKey(attempt));
      return 'right';
    }
    for (const b of budgets) await recordFailure(trx, b.key, b.limit, SITE_CODE_TIMES);
    return 'wrong';
  });
  if (verdict === 'right') return;
  // Committed first: a refusal must still count.
  if (verdict === 'wrong') throw new DomainError('WRONG_CODE', undefined, { code: 'error.WRONG_CODE' });
  throw new DomainError('SITE_CODE_LOCKED', { minutes: verdict.minutes });
}
