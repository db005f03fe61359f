import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { MailTransport } from './transport';

export interface WorkerOptions {
  /** How long a claimed mail stays ours; past it, another process (or we after a restart) may resend it. */
  leaseSeconds: number;
  batchSize: number;
  maxAttempts: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  leaseSeconds: Number(process.env.MAIL_LEASE_SECONDS ?? 120),
  batchSize: 20,
  maxAttempts: 8
};

/** 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Claims due mail with FOR UPDATE SKIP LOCKED, so several processes share the work without
 * taking the same row; a row whose lease ran out (its sender died) is due again.
 */
async function claim(db: Db, opts: WorkerOptions) {
  return db
    .updateTable('emailOutbox')
    .set({
      status: 'sending',
      attempts: sql`attempts + 1`,
      leaseUntil: sql`now() + ${opts.leaseSeconds + ' seconds'}::interval`
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('emailOutbox')
        .select('id')
        .where((w) =>
          w.or([
            w.and([w('status', '=', 'pending'), w('nextAttemptAt', '<=', sql<Date>`now()`)]),
            w.and([w('status', '=', 'sending'), w('leaseUntil', '<', sql<Date>`now()`)])
          ])
        )
        .orderBy('nextAttemptAt')
        .limit(opts.batchSize)
        .forUpdate()
        .skipLocked()
    )
    .returning(['id', 'messageId', 'toAddress', 'subject', 'textBody', 'htmlBody', 'ics', 'icsMethod', 'attempts'])
    .execute();
}

/** Delivers one batch; returns how many were sent. */
export async function deliverDue(db: Db, transport: MailTransport, opts: WorkerOptions = DEFAULT_WORKER_OPTIONS): Promise<number> {
  const batch = await claim(db, opts);
  let sent = 0;
  for (const mail of batch) {
    try {
      await transport.send(mail);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('emailOutbox').set({ status: 'sent', sentAt: sql`now()`, leaseUntil: null, lastError: null }).where('id', '=', mail.id).execute();
        await trx.insertInto('emailAttempt').values({ outboxId: mail.id, ok: true, error: null }).execute();
      });
      sent++;
    } catch (err) {
      const error = String((err as Error)?.message ?? err).slice(0, 500);
      const failed = mail.attempts >= opts.maxAttempts;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('emailOutbox')
          .set({
            status: failed ? 'failed' : 'pending',
            lastError: error,
            leaseUntil: null,
            nextAttemptAt: sql`now() + ${backoffSeconds(mail.attempts) + ' seconds'}::interval`
          })
          .where('id', '=', mail.id)
          .execute();
        await trx.insertInto('emailAttempt').values({ outboxId: mail.id, ok: false, error }).execute();
      });
    }
  }
  return sent;
}

/** Runs inside the server process: polls, delivers, and keeps going through database hiccups. */
export function startMailWorker(db: Db, transport: MailTransport, intervalMs = 1000, opts = DEFAULT_WORKER_OPTIONS) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  const tick = () => {
    round = (async () => {
      if (stopped) return;
      try {
        while (!stopped && (await deliverDue(db, transport, opts)) > 0) {
          // keep draining while there is work
        }
      } catch (err) {
        console.error('[mail] delivery round failed:', (err as Error).message);
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    })();
  };
  timer = setTimeout(tick, 0);
  // A graceful stop lets the batch in hand finish and be marked sent, so it is not sent again later.
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await round;
    transport.close();
  };
}
