import { sql } from 'kysely';
import type { Db } from '../db/connect';

/**
 * Moves callouts by the clock: open/full → in progress at the start. Each step is one idempotent
 * UPDATE guarded by the current status, so any number of processes may run it at once.
 */
export async function advanceCallouts(db: Db): Promise<{ started: number }> {
  const started = await db
    .updateTable('callout')
    .set({ status: 'in_progress', updatedAt: sql`now()` })
    .where('status', 'in', ['open', 'full'])
    .where('startsAt', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return { started: Number(started.numUpdatedRows) };
}

/** Runs `advanceCallouts` every `intervalMs` inside the server process; survives database hiccups. */
export function startCalloutScheduler(db: Db, intervalMs = 30_000) {
  const tick = () => advanceCallouts(db).catch((err) => console.error('[callout] scheduler round failed:', (err as Error).message));
  const timer = setInterval(tick, intervalMs);
  void tick();
  return () => clearInterval(timer);
}
