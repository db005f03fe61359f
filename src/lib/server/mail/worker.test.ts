import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { startSmtpSink, type SmtpSink } from '../testing/smtp';
import { enqueueMail } from './outbox';
import { mailboxTransport, smtpTransport, type MailTransport } from './transport';
import { deliverDue, DEFAULT_WORKER_OPTIONS } from './worker';

let database: Database;
let smtp: SmtpSink;
let transport: MailTransport;
const db = () => database.db;

beforeAll(async () => {
  database = await freshDb();
  smtp = await startSmtpSink();
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await database.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  await db().deleteFrom('emailAttempt').execute();
  await db().deleteFrom('emailOutbox').execute();
});

const outbox = (messageId: string) => db().selectFrom('emailOutbox').selectAll().where('messageId', '=', messageId).executeTakeFirstOrThrow();

describe('outbox delivery over SMTP', () => {
  it('delivers queued mail with its Chinese subject and stable Message-ID, and records the attempt', async () => {
    const id = await enqueueMail(db(), { to: 'a@example.cn', subject: '报名成功：湖滨社区环境巡查', text: '您已报名。' });
    expect(await deliverDue(db(), transport)).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.subject).toBe('报名成功：湖滨社区环境巡查');
    expect(smtp.received[0]!.messageId).toBe(id);
    expect(smtp.received[0]!.text?.trim()).toBe('您已报名。');
    const row = await outbox(id);
    expect(row.status).toBe('sent');
    expect(row.sentAt).toBeInstanceOf(Date);
    const attempts = await db().selectFrom('emailAttempt').select(['ok']).where('outboxId', '=', row.id).execute();
    expect(attempts).toEqual([{ ok: true }]);
  });

  it('mail queued in a transaction that rolls back is never sent', async () => {
    await db().transaction().execute(async (trx) => {
      await enqueueMail(trx, { to: 'b@example.cn', subject: 'x', text: 'y' });
      throw new Error('the change failed');
    }).catch(() => undefined);
    expect(await deliverDue(db(), transport)).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('retries a temporary failure later with backoff, keeping the Message-ID', async () => {
    smtp.failNext(1);
    const id = await enqueueMail(db(), { to: 'c@example.cn', subject: '提醒', text: '明天见' });
    expect(await deliverDue(db(), transport)).toBe(0);
    let row = await outbox(id);
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/451|busy/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(await deliverDue(db(), transport)).toBe(0); // not due yet
    await db().updateTable('emailOutbox').set({ nextAttemptAt: sql`now()` }).where('id', '=', row.id).execute();
    expect(await deliverDue(db(), transport)).toBe(1);
    row = await outbox(id);
    expect(row.status).toBe('sent');
    expect(smtp.received.map((m) => m.messageId)).toEqual([id]);
    const attempts = await db().selectFrom('emailAttempt').select('ok').where('outboxId', '=', row.id).orderBy('id').execute();
    expect(attempts.map((a) => a.ok)).toEqual([false, true]);
  });

  it('gives up after the last attempt and says so', async () => {
    const id = await enqueueMail(db(), { to: 'd@example.cn', subject: 'x', text: 'y' });
    await db().updateTable('emailOutbox').set({ attempts: DEFAULT_WORKER_OPTIONS.maxAttempts - 1 }).where('messageId', '=', id).execute();
    smtp.failNext(1);
    await deliverDue(db(), transport);
    const row = await outbox(id);
    expect(row.status).toBe('failed');
    expect(row.lastError).toBeTruthy();
  });

  it('resends a mail whose sender died mid-delivery once its lease ran out, and not before', async () => {
    const id = await enqueueMail(db(), { to: 'e@example.cn', subject: '租约', text: 'lease' });
    // What a crashed process leaves behind: claimed, never marked sent.
    await db().updateTable('emailOutbox').set({ status: 'sending', attempts: 1, leaseUntil: sql`now() + interval '1 minute'` }).where('messageId', '=', id).execute();
    expect(await deliverDue(db(), transport)).toBe(0);
    await db().updateTable('emailOutbox').set({ leaseUntil: sql`now() - interval '1 second'` }).where('messageId', '=', id).execute();
    expect(await deliverDue(db(), transport)).toBe(1);
    expect(smtp.received.map((m) => m.messageId)).toEqual([id]);
  });

  it('several workers at once deliver each mail exactly once', async () => {
    const ids = [];
    for (let i = 0; i < 60; i++) ids.push(await enqueueMail(db(), { to: `p${i}@example.cn`, subject: `第${i}封`, text: '并发' }));
    const workers = Array.from({ length: 4 }, () => smtpTransport(smtp.url));
    const drain = async (t: MailTransport) => {
      while ((await deliverDue(db(), t, { ...DEFAULT_WORKER_OPTIONS, batchSize: 5 })) > 0);
    };
    await Promise.all(workers.map(drain));
    workers.forEach((w) => w.close());
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual([...ids].sort());
  });
});

describe('the demo mailbox', () => {
  it('keeps delivered mail where admins can read it', async () => {
    const id = await enqueueMail(db(), { to: 'f@example.cn', subject: '欢迎加入网格通', text: '您好' });
    await deliverDue(db(), mailboxTransport(db()));
    const box = await db().selectFrom('mailboxMessage').selectAll().where('messageId', '=', id).executeTakeFirstOrThrow();
    expect(box.subject).toBe('欢迎加入网格通');
    expect(box.raw).toContain(`Message-ID: ${id}`);
  });
});
