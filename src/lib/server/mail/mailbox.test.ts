import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { loadActor } from '../auth/queries';
import { bookFree, publishHours } from '../counseling/testing';
import { toCsv, workerRows, phoneOf } from '../worker/sample-files';
import { mailboxTransport } from './transport';
import { deliverDue } from './worker';

// The demo mailbox is read by city admins. Mail private to its recipient (counseling of any kind,
// password links, pay) lands there like any other, but only its recipient may list or open it.

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;
let admin: Actor; // 王管理, admin of the whole city
let counselor: Actor;
let worker: Actor;
let volunteer: Actor;
let hr: Actor;

const ADMIN_MAIL = 'wang.admin@example.cn';
const COUNSELOR_MAIL = 'chen.counselor@example.cn';
const WORKER_MAIL = 'zhang.worker@example.cn';
const VOLUNTEER_MAIL = 'liu.volunteer@example.cn';

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  admin = await makeUser(db(), 'admin', unit('某市'), { name: '王管理', email: ADMIN_MAIL });
  counselor = await makeUser(db(), 'counselor', unit('东湖街道'), { name: '陈咨询师', email: COUNSELOR_MAIL });
  worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'), { name: '张网格员', email: WORKER_MAIL });
  volunteer = await makeUser(db(), 'volunteer', unit('湖滨社区'), { name: '刘志愿', email: VOLUNTEER_MAIL });
  hr = await makeUser(db(), 'hr', unit('城东区'));
  await publishHours(db(), counselor);
});
afterAll(() => database.close());

const deliver = () => deliverDue(db(), mailboxTransport(db()), { leaseSeconds: 60, batchSize: 100, maxAttempts: 3 });
/** What really is in the demo mailbox for `to`, read past the portal. */
const storedFor = (to: string) => db().selectFrom('mailboxMessage').select(['id', 'subject', 'textBody']).where('toAddress', '=', to).execute();
const listed = async (reader: Actor) => callerFor(db(), reader).mailbox.list({ limit: 200 });

/** The reader neither lists nor opens any of these stored messages. */
async function hiddenFrom(reader: Actor, stored: { id: string }[]) {
  const ids = new Set((await listed(reader)).map((m) => m.id));
  for (const m of stored) {
    expect(ids.has(m.id)).toBe(false);
    expect(await failureOf(callerFor(db(), reader).mailbox.get({ id: m.id }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  }
}

describe('the demo mailbox, read by a city admin', () => {
  it('never shows counseling mail, nor its link: confirmation and cancellation, to the worker and to the counselor', async () => {
    const booking = await bookFree(db(), worker, counselor.userId, { alias: '小林', note: '最近睡眠不太好，想聊聊。' });
    await callerFor(db(), worker).counseling.cancel({ bookingId: booking.bookingId });
    await deliver();
    const toWorker = await storedFor(WORKER_MAIL);
    const toCounselor = await storedFor(COUNSELOR_MAIL);
    // The mails are there (the mailbox is where they were delivered) …
    expect(toWorker.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^心理咨询预约成功/), expect.stringMatching(/^心理咨询已取消/)]));
    expect(toWorker.some((m) => m.textBody.includes('/counseling/link/'))).toBe(true);
    expect(toCounselor).toHaveLength(2);
    // … and the admin sees none of them, in the list or by id.
    await hiddenFrom(admin, [...toWorker, ...toCounselor]);
    const everything = JSON.stringify(await listed(admin));
    for (const word of ['心理咨询', '咨询', '张网格员', WORKER_MAIL, COUNSELOR_MAIL, '/counseling/link/']) expect(everything).not.toContain(word);
  });

  it('never shows a password reset link', async () => {
    await callerFor(db(), null, 'zh-CN', '10.8.0.1').auth.requestPasswordReset({ identifier: volunteer.name === '刘志愿' ? VOLUNTEER_MAIL : '' });
    await deliver();
    const reset = (await storedFor(VOLUNTEER_MAIL)).filter((m) => m.textBody.includes('/password/'));
    expect(reset).toHaveLength(1);
    await hiddenFrom(admin, reset);
    expect(JSON.stringify(await listed(admin))).not.toContain('/password/');
  });

  it('never shows the invitation link HR sends to an imported worker', async () => {
    const report = await callerFor(db(), hr).worker.import({ kind: 'workers', fileName: 'w.csv', contentBase64: toCsv(workerRows(1, { phonePrefix: '183' })).toString('base64'), commit: true });
    expect(report).toMatchObject({ committed: true, imported: 1 });
    const imported = await db().selectFrom('appUser').select(['id', 'email']).where('phone', '=', phoneOf('183', 0)).executeTakeFirstOrThrow();
    await callerFor(db(), hr).account.sendPasswordInvite({ userId: imported.id });
    await deliver();
    const invite = await storedFor(imported.email!);
    expect(invite.map((m) => m.subject)).toEqual(['请设置您的网格通登录密码']);
    await hiddenFrom(admin, invite);
  });

  it('still shows ordinary mail: an urgent callout to a volunteer, opened by id', async () => {
    await openCallout(db(), worker, unit('湖滨社区/第一网格'), { urgency: 'urgent', title: '湖滨社区暴雨积水劝离' });
    await deliver();
    const [callout] = (await storedFor(VOLUNTEER_MAIL)).filter((m) => m.subject.includes('湖滨社区暴雨积水劝离'));
    expect(callout).toBeDefined();
    expect((await listed(admin)).map((m) => m.id)).toContain(callout!.id);
    const opened = await callerFor(db(), admin).mailbox.get({ id: callout!.id });
    expect(opened).toMatchObject({ toAddress: VOLUNTEER_MAIL, subject: callout!.subject });
    expect(opened.textBody).toContain('湖滨公园东门');
  });

  it('shows an admin their own private mail, and still not anyone else’s', async () => {
    // The admin also works a grid, and books a session for themself.
    await db().insertInto('membership').values({ userId: admin.userId, role: 'grid_worker', orgUnitId: unit('桃园社区/第一网格').id, grantedBy: null }).execute();
    const adminWorking = (await loadActor(db(), admin.userId, admin.sessionId))!;
    await bookFree(db(), adminWorking, counselor.userId);
    await bookFree(db(), worker, counselor.userId);
    await deliver();
    const own = (await storedFor(ADMIN_MAIL)).filter((m) => m.subject.startsWith('心理咨询预约成功'));
    expect(own).toHaveLength(1);
    expect((await listed(adminWorking)).map((m) => m.id)).toContain(own[0]!.id);
    expect((await callerFor(db(), adminWorking).mailbox.get({ id: own[0]!.id })).textBody).toContain('/counseling/link/');
    await hiddenFrom(adminWorking, [...(await storedFor(WORKER_MAIL)), ...(await storedFor(COUNSELOR_MAIL))]);
  });

  it('counts mail queued before it was marked as private', async () => {
    // A row as the outbox held it before the mark existed: the column's default, not the sender, decides.
    await db().insertInto('emailOutbox').values({ messageId: '<before-0017@gridcall.local>', toAddress: 'old@example.cn', subject: '旧邮件', textBody: '早先的邮件' }).execute();
    await deliver();
    await hiddenFrom(admin, await storedFor('old@example.cn'));
  });
});
