import { connectFromEnv, type Database } from './db/connect';
import { migrate } from './db/migrate';
import { seedDemoIfEmpty } from './seed/demo';
import { transportFromEnv } from './mail/transport';
import { startMailWorker } from './mail/worker';
import { startClock } from './clock';

export interface Runtime {
  database: Database;
  stop(): Promise<void>;
}

/** Seeds the demo city on the embedded database by default; SEED_DEMO=1/0 overrides. */
function shouldSeed(database: Database): boolean {
  const flag = process.env.SEED_DEMO;
  return flag ? flag === '1' : database.kind === 'pglite';
}

async function start(): Promise<Runtime> {
  const database = await connectFromEnv();
  const applied = await migrate(database);
  if (applied.length) console.log(`[db] applied ${applied.join(', ')}`);
  if (shouldSeed(database) && (await seedDemoIfEmpty(database.db))) console.log('[db] seeded the demo city');
  const stopMail = process.env.MAIL_WORKER === '0'
    ? async () => {}
    : startMailWorker(database.db, transportFromEnv(database.db), Number(process.env.MAIL_POLL_MS ?? 1000));
  const stopScheduler = startClock(database.db, Number(process.env.SCHEDULER_INTERVAL_MS ?? 30_000));
  return {
    database,
    stop: async () => {
      stopScheduler();
      await stopMail();
      await database.close();
    }
  };
}

let runtime: Promise<Runtime> | undefined;

/** One database and one set of background workers per server process. */
export function getRuntime(): Promise<Runtime> {
  runtime ??= start();
  return runtime;
}
