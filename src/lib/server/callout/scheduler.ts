import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { lockCallout } from './queries';
import { promoteWaitlist } from './service/sign-up';
import { sendDigests, sendReminders } from './mail-rounds';

/**
 * Moves callouts by the clock: open/full → in progress at the start; after the end, confirmed
 * volunteers who never reported become no-shows. Each step is one idempotent UPDATE guarded by
 * the current state, so any number of processes may run it at once.
 */
export async function advanceCallouts(db: Db): Promise<{ started: number; noShows: number; released: number }> {
  const released = await releaseTeamPlaces(db);
  const started = await db
    .updateTable('callout')
    .set({ status: 'in_progress', updatedAt: sql`now()` })
    .where('status', 'in', ['open', 'full'])
    .where('startsAt', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  const noShows = await db
    .updateTable('signup')
    .set({ noShow: true })
    .where('status', '=', 'confirmed')
    .where('checkedInAt', 'is', null)
    .where('noShow', '=', false)
    .where('calloutId', 'in', (eb) => eb.selectFrom('callout').select('id').where('endsAt', '<=', sql<Date>`now()`).where('status', '<>', 'cancelled'))
    .executeTakeFirst();
  return { started: Number(started.numUpdatedRows), noShows: Number(noShows.numUpdatedRows), released };
}

/**
 * At a callout's team release time, reserved places the team left unused go to the waitlist.
 * SKIP LOCKED lets several processes share the work; the released mark makes each release happen once.
 */
async function releaseTeamPlaces(db: Db): Promise<number> {
  let released = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('callout')
        .select('id')
        .where('teamReleaseAt', '<=', sql<Date>`now()`)
        .where('teamReleasedAt', 'is', null)
        .where('status', 'in', ['open', 'full'])
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!due) return false;
      const callout = await lockCallout(trx, due.id);
      await trx.updateTable('callout').set({ teamReleasedAt: sql`now()` }).where('id', '=', due.id).execute();
      if (callout) await promoteWaitlist(trx, callout);
      return true;
    });
    if (!done) return released;
    released++;
  }
}

/** The callout rounds the server clock runs (see clock.ts). */
export const calloutRounds = [advanceCallouts, sendDigests, sendReminders];
