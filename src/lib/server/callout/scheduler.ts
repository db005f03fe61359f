import { sql } from 'kysely';
import type { Db } from '../db/connect';

/**
 * Moves callouts by the clock: open/full → in progress at the start; after the end, confirmed
 * volunteers who never reported become no-shows. Each step is one idempotent UPDATE guarded by
 * the current state, so any number of processes may run it at once.
 */
export async function advanceCallouts(db: Db): Promise<{ started: number; noShows: number }> {
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
  return { started: Number(started.numUpdatedRows), noShows: Number(noShows.numUpdatedRows) };
}

/** Runs `advanceCallouts` every `intervalMs` inside the server process; survives database hiccups. */
export function startCalloutScheduler(db: Db, intervalMs = 30_000) {
  const tick = () => advanceCallouts(db).catch((err) => console.error('[callout] scheduler round failed:', (err as Error).message));
  const timer = setInterval(tick, intervalMs);
  void tick();
  return () => clearInterval(timer);
}
