import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectPglite, type Database } from '../../src/lib/server/db/connect';
import { freshDb } from '../../src/lib/server/testing/db';
import { startSmtpSink, type SmtpSink } from '../../src/lib/server/testing/smtp';
import { startServer, removeDataDir, type RunningServer } from '../support/server';

/**
 * kill -9 the server while it is delivering mail, start it again, and every queued mail still
 * arrives: none lost, and a mail sent twice is recognisable by its unchanged Message-ID.
 */
const LEASE_SECONDS = 2;
let smtp: SmtpSink;
let pg: (Database & { url?: string }) | undefined;
let server: (RunningServer & { dataDir: string }) | undefined;

beforeAll(async () => {
  smtp = await startSmtpSink();
  if (process.env.DATABASE_URL) pg = await freshDb();
});
afterAll(async () => {
  await server?.stop();
  await smtp.close();
  if (server) await removeDataDir(server.dataDir);
  await pg?.close();
});

const env = () => ({
  SMTP_URL: smtp.url,
  MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
  MAIL_POLL_MS: '100',
  SEED_DEMO: '1',
  ...(pg?.url ? { DATABASE_URL: pg.url } : {})
});

async function trpc(url: string, path: string, input: unknown) {
  const res = await fetch(`${url}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.result.data;
}

async function communityId(url: string): Promise<string> {
  const res = await fetch(`${url}/api/trpc/org.tree`);
  const tree = (await res.json()).result.data;
  const find = (nodes: { id: string; level: string; children: never[] }[]): string | undefined => {
    for (const n of nodes) if (n.level === 'community') return n.id; else { const id = find(n.children); if (id) return id; }
  };
  return find(tree)!;
}

async function outboxRows(dataDir: string) {
  const database = pg ?? (await connectPglite(dataDir));
  try {
    return await database.db.selectFrom('emailOutbox').select(['messageId', 'status', 'attempts']).execute();
  } finally {
    if (!pg) await database.close();
  }
}

it('delivers every queued mail after the server is killed mid-delivery', async () => {
  const MAILS = 12;
  smtp.delayMs = 250;
  server = await startServer(env());
  const community = await communityId(server.url);
  for (let i = 0; i < MAILS; i++) {
    await trpc(server.url, 'auth.register', { name: `志愿者${i}`, email: `crash${i}@example.cn`, password: 'abc12345', homeCommunityId: community });
  }
  await smtp.waitFor(2);
  await server.crash();
  const arrivedBeforeCrash = new Set(smtp.received.map((m) => m.messageId)).size;
  expect(arrivedBeforeCrash).toBeLessThan(MAILS);

  smtp.delayMs = 0;
  server = await startServer(env(), { dataDir: server.dataDir });
  const deadline = Date.now() + 30_000;
  while (new Set(smtp.received.map((m) => m.messageId)).size < MAILS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // A mail the killed process handed to SMTP but never marked is sent again once its lease ends
  // (same Message-ID, so it counts as arrived already): give the lease time to run out.
  await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 1.5) * 1000));
  await server.stop();

  const rows = await outboxRows(server.dataDir);
  const queued = rows.map((r) => r.messageId).sort();
  const arrived = [...new Set(smtp.received.map((m) => m.messageId!))].sort();
  expect(queued).toHaveLength(MAILS);
  expect(arrived).toEqual(queued);
  expect(rows.every((r) => r.status === 'sent')).toBe(true);
  const welcomes = smtp.received.filter((m) => m.subject === '欢迎加入网格通');
  expect(welcomes.length).toBe(smtp.received.length);
}, 120_000);
