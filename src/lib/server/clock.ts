import type { Db } from './db/connect';
import { calloutRounds } from './callout/scheduler';
import { certificateExpiryRound } from './career/expiry-mail';
import { counselingReminderRound } from './counseling/reminders';
import { mixCheckIns } from './wellbeing/checkin';

type Round = (db: Db) => Promise<unknown>;

/** Everything moved by the clock. Each round is safe to run in several processes at once. */
const ROUNDS: Round[] = [...calloutRounds, certificateExpiryRound, counselingReminderRound, mixCheckIns];

/** Runs the rounds every `intervalMs` inside the server process; a failing round waits for the next tick. */
export function startClock(db: Db, intervalMs = 30_000, rounds: Round[] = ROUNDS) {
  const tick = async () => {
    for (const round of rounds) {
      await round(db).catch((err) => console.error(`[clock] ${round.name} failed:`, (err as Error).message));
    }
  };
  const timer = setInterval(tick, intervalMs);
  void tick();
  return () => clearInterval(timer);
}
