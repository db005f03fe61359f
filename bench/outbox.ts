import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { connectPglite, connectPostgres, type Database } from '../src/lib/server/db/connect';
import { migrate } from '../src/lib/server/db/migrate';
import { enqueueMail } from '../src/lib/server/mail/outbox';
import { smtpTransport } from '../src/lib/server/mail/transport';
import { deliverDue } from '../src/lib/server/mail/worker';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal } from './stats';

export const MAILS = 1000;

async function startSmtpSink(): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received++;
        callback();
      });
      stream.resume();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as { port: number };
  return { port, received: () => received, close: () => new Promise<void>((res) => server.close(() => res())) };
}

async function openDatabase(usePostgres: boolean): Promise<{ database: Database; close: () => Promise<void> }> {
  if (!usePostgres) {
    const database = await connectPglite();
    return { database, close: () => database.close() };
  }
  const bench = await createBenchDatabase();
  try {
    const database = await connectPostgres(bench.url);
    return { database, close: async () => { await database.close(); await bench.drop(); } };
  } catch (err) {
    await bench.drop();
    throw err;
  }
}

/**
 * Drains MAILS queued mails through the worker's own deliverDue and smtpTransport, as the server
 * does with SMTP_URL set; the sink only counts what arrives.
 */
export async function outboxDelivery(usePostgres: boolean): Promise<{ mailsPerS: number; kind: string; transportUrl: string }> {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = defer(async () => {
    for (const close of cleanups.reverse()) await close();
  });
  try {
    const sink = await startSmtpSink();
    cleanups.push(sink.close);
    const { database, close } = await openDatabase(usePostgres);
    cleanups.push(close);
    await migrate(database);
    await database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < MAILS; i++) {
        await enqueueMail(trx, { to: `bench${i}@example.test`, subject: `Bench ${i}`, text: `网格通 bench mail ${i}\n`, html: `<p>网格通 bench mail ${i}</p>` });
      }
    });

    // Pooled, as SMTP_URL should be in production: smtp-server holds every new connection's greeting
    // for 100 ms (its early-talker check), so one connection per mail would measure that, not the worker.
    const transportUrl = `smtp://127.0.0.1:${sink.port}?pool=true`;
    const transport = smtpTransport(transportUrl);
    cleanups.push(async () => transport.close());
    const start = performance.now();
    let sent = 0;
    while (sent < MAILS) {
      const n = await deliverDue(database.db, transport);
      if (n === 0) {
        const failed = await database.db.selectFrom('emailOutbox').select('lastError').where('lastError', 'is not', null).executeTakeFirst();
        throw new Error(`delivery stalled at ${sent}/${MAILS}: ${failed?.lastError ?? 'nothing due'}`);
      }
      sent += n;
    }
    const seconds = (performance.now() - start) / 1000;

    const { count } = await database.db.selectFrom('emailOutbox').select((eb) => eb.fn.countAll<number>().as('count')).where('status', '=', 'sent').executeTakeFirstOrThrow();
    if (Number(count) !== MAILS || sink.received() !== MAILS) {
      throw new Error(`expected ${MAILS} sent and received, got ${count} sent and ${sink.received()} received`);
    }
    return { mailsPerS: oneDecimal(MAILS / seconds), kind: database.kind, transportUrl: transportUrl.replace(/:\d+/, ':<port>') };
  } finally {
    await cleanup();
  }
}
