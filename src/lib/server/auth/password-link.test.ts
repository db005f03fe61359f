import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Actor } from './actor';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { startSmtpSink, type SmtpSink } from '../testing/smtp';
import { smtpTransport, type MailTransport } from '../mail/transport';
import { deliverDue } from '../mail/worker';
import { toCsv, workerRows, phoneOf } from '../worker/sample-files';
import { NO_PASSWORD } from '../worker/no-password';
import { sessionIdOf, validateSessionToken } from './session';
import { RESET_LIMITS } from './password-link';

let database: Database;
let unit: (name: string) => UnitRef;
let smtp: SmtpSink;
let transport: MailTransport;
let hr: Actor;
const db = () => database.db;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  hr = await makeUser(db(), 'hr', unit('城东区'));
  smtp = await startSmtpSink();
  transport = smtpTransport(smtp.url);
});
afterAll(async () => {
  transport.close();
  await smtp.close();
  await database.close();
});
beforeEach(() => {
  smtp.received.length = 0;
});

let ipCounter = 0;
/** A caller from an address of its own, so the per-address limit stands only where a test wants it. */
const anonymous = (locale: 'zh-CN' | 'en' = 'zh-CN', ip = `10.9.0.${++ipCounter}`) => callerFor(db(), null, locale, ip);

/** Delivers the outbox over real SMTP and returns what arrived for `to`. */
async function mailsTo(to: string) {
  await deliverDue(db(), transport);
  return smtp.received.filter((m) => (m.to && 'text' in m.to ? m.to.text : '') === to);
}
const tokenIn = (text: string | undefined) => /\/password\/([a-z2-7]{32})\b/.exec(text ?? '')?.[1];

/** Imports two workers through the HR import (the first with an e-mail address, the second without). */
async function importTwo(prefix: string) {
  const report = await callerFor(db(), hr).worker.import({ kind: 'workers', fileName: 'w.csv', contentBase64: toCsv(workerRows(2, { phonePrefix: prefix })).toString('base64'), commit: true });
  expect(report).toMatchObject({ committed: true, imported: 2 });
  const [withMail, withoutMail] = await Promise.all([0, 1].map((i) => db().selectFrom('appUser').select(['id', 'phone', 'email', 'passwordHash']).where('phone', '=', phoneOf(prefix, i)).executeTakeFirstOrThrow()));
  expect(withMail!.passwordHash).toBe(NO_PASSWORD);
  expect(withMail!.email).toBe(`w${prefix}-0@example.cn`);
  expect(withoutMail!.email).toBeNull();
  return { withMail: withMail!, withoutMail: withoutMail! };
}

describe('an invitation for an imported worker', () => {
  it('is mailed over SMTP; the link sets the password, signs the person in, and then the login works', async () => {
    const { withMail } = await importTwo('181');
    const sent = await callerFor(db(), hr).account.sendPasswordInvite({ userId: withMail.id });
    expect(sent.email).toBe(withMail.email);
    const days = (new Date(sent.expiresAt).getTime() - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const [mail] = await mailsTo(withMail.email!);
    expect(mail!.subject).toBe('请设置您的网格通登录密码');
    const token = tokenIn(mail!.text);
    expect(mail!.text).toContain(`/password/${token}`);
    // Only the hash is kept.
    const stored = await db().selectFrom('passwordLink').selectAll().where('userId', '=', withMail.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ purpose: 'invite', tokenHash: sessionIdOf(token!), usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(token);
    const logged = await db().selectFrom('auditLog').select(['action', 'actorId']).where('targetId', '=', withMail.id).where('action', '=', 'user.password_invite').execute();
    expect(logged).toEqual([{ action: 'user.password_invite', actorId: hr.userId }]);

    // Before: the account cannot log in.
    expect((await failureOf(anonymous().auth.login({ identifier: withMail.phone!, password: 'Neues1234' }))).code).toBe('LOGIN_FAILED');
    const session = await anonymous().auth.setPasswordWithLink({ token: token!, password: 'Neues1234' });
    expect(session.userId).toBe(withMail.id);
    const user = await db().selectFrom('appUser').select('passwordHash').where('id', '=', withMail.id).executeTakeFirstOrThrow();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await db().selectFrom('passwordLink').select('usedAt').where('userId', '=', withMail.id).executeTakeFirstOrThrow()).usedAt).toBeInstanceOf(Date);
    const login = await anonymous().auth.login({ identifier: withMail.phone!, password: 'Neues1234' });
    expect(login.userId).toBe(withMail.id);
  });

  it('is refused, in both languages, for a person without an e-mail address', async () => {
    const { withoutMail } = await importTwo('182');
    const zh = await failureOf(callerFor(db(), hr).account.sendPasswordInvite({ userId: withoutMail.id }));
    expect(zh.code).toBe('NO_EMAIL');
    expect(zh.message).toMatch(/没有登记邮箱/);
    const en = await failureOf(callerFor(db(), hr, 'en').account.sendPasswordInvite({ userId: withoutMail.id }), 'en');
    expect(en.message).toMatch(/has no e-mail address/);
    expect(await db().selectFrom('passwordLink').select('id').where('userId', '=', withoutMail.id).execute()).toEqual([]);
  });

  it('is not for HR of another district (NOT_FOUND), nor for roles without it (FORBIDDEN)', async () => {
    const { withMail } = await importTwo('183');
    const farHr = await makeUser(db(), 'hr', unit('城西区'));
    expect((await failureOf(callerFor(db(), farHr).account.sendPasswordInvite({ userId: withMail.id }))).status).toBe(404);
    const gridWorker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'));
    expect((await failureOf(callerFor(db(), gridWorker).account.sendPasswordInvite({ userId: withMail.id }))).status).toBe(403);
    // An admin of the district reaches the account; one of another district does not.
    const farAdmin = await makeUser(db(), 'admin', unit('城西区'));
    expect((await failureOf(callerFor(db(), farAdmin).account.sendPasswordInvite({ userId: withMail.id }))).status).toBe(404);
    const admin = await makeUser(db(), 'admin', unit('城东区'));
    expect((await callerFor(db(), admin).account.sendPasswordInvite({ userId: withMail.id })).email).toBe(withMail.email);
  });

  it('is not sent to an account that already has a password (HR may edit e-mail addresses)', async () => {
    const worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'));
    await db().insertInto('worker').values({ userId: worker.userId, gridId: unit('湖滨社区/第一网格').id, hireDate: '2020-01-01' }).execute();
    expect((await failureOf(callerFor(db(), hr).account.sendPasswordInvite({ userId: worker.userId }))).code).toBe('PASSWORD_ALREADY_SET');
  });
});

describe('a link', () => {
  async function invited(prefix: string) {
    const { withMail } = await importTwo(prefix);
    await callerFor(db(), hr).account.sendPasswordInvite({ userId: withMail.id });
    const [mail] = await mailsTo(withMail.email!);
    return { user: withMail, token: tokenIn(mail!.text)! };
  }

  it('used once is refused the second time, and an unknown one is refused, each with its own message', async () => {
    const { token } = await invited('184');
    await anonymous().auth.setPasswordWithLink({ token, password: 'Erstes1234' });
    const again = await failureOf(anonymous().auth.setPasswordWithLink({ token, password: 'Zweites1234' }));
    expect(again).toMatchObject({ code: 'PASSWORD_LINK_USED', status: 400 });
    expect(again.message).toMatch(/已经用过/);
    const unknown = await failureOf(anonymous('en').auth.setPasswordWithLink({ token: 'a'.repeat(32), password: 'Zweites1234' }), 'en');
    expect(unknown.code).toBe('PASSWORD_LINK_INVALID');
    expect(unknown.message).toMatch(/not valid/);
  });

  it('expired is refused and changes nothing; a newer link voids the older one', async () => {
    const { user, token } = await invited('185');
    await db().updateTable('passwordLink').set({ createdAt: sql`now() - interval '8 days'`, expiresAt: sql`now() - interval '1 day'` }).where('userId', '=', user.id).execute();
    const expired = await failureOf(anonymous('en').auth.setPasswordWithLink({ token, password: 'Spaeter1234' }), 'en');
    expect(expired.code).toBe('PASSWORD_LINK_EXPIRED');
    expect(expired.message).toMatch(/expired/);
    expect((await db().selectFrom('appUser').select('passwordHash').where('id', '=', user.id).executeTakeFirstOrThrow()).passwordHash).toBe(NO_PASSWORD);

    // Two invitations: only the newest works.
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      smtp.received.length = 0;
      await callerFor(db(), hr).account.sendPasswordInvite({ userId: user.id });
      tokens.push(tokenIn((await mailsTo(user.email!))[0]!.text)!);
    }
    expect((await failureOf(anonymous().auth.setPasswordWithLink({ token: tokens[0]!, password: 'Spaeter1234' }))).code).toBe('PASSWORD_LINK_EXPIRED');
    await anonymous().auth.setPasswordWithLink({ token: tokens[1]!, password: 'Spaeter1234' });
  });

  it('ends every other session of the person and starts a new one', async () => {
    const person = await makeUser(db(), 'volunteer', unit('湖滨社区'));
    const phone = await db().selectFrom('appUser').select(['phone', 'email']).where('id', '=', person.userId).executeTakeFirstOrThrow();
    expect(await validateSessionToken(db(), person.token)).not.toBeNull();
    await anonymous().auth.requestPasswordReset({ identifier: phone.phone! });
    const [mail] = await mailsTo(phone.email!);
    expect(mail!.subject).toBe('重设网格通密码');
    const link = await db().selectFrom('passwordLink').select(['purpose', sql<number>`extract(epoch from expires_at - created_at)::int`.as('seconds')]).where('userId', '=', person.userId).executeTakeFirstOrThrow();
    expect(link).toEqual({ purpose: 'reset', seconds: 3600 });

    const fresh = await anonymous().auth.setPasswordWithLink({ token: tokenIn(mail!.text)!, password: 'Wieder1234' });
    expect(await validateSessionToken(db(), person.token)).toBeNull();
    const sessions = await db().selectFrom('session').select('id').where('userId', '=', person.userId).execute();
    expect(sessions).toHaveLength(1);
    expect(fresh.userId).toBe(person.userId);
  });
});

describe('a reset request', () => {
  it('for an unknown name, or an account without e-mail, answers the same and sends nothing', async () => {
    const { withMail, withoutMail } = await importTwo('186');
    const known = await anonymous().auth.requestPasswordReset({ identifier: withMail.email! });
    const unknown = await anonymous().auth.requestPasswordReset({ identifier: '13912349876' });
    const unknownMail = await anonymous().auth.requestPasswordReset({ identifier: 'nobody@example.cn' });
    const noMail = await anonymous().auth.requestPasswordReset({ identifier: withoutMail.phone! });
    expect([unknown, unknownMail, noMail]).toEqual([known, known, known]);
    await deliverDue(db(), transport);
    expect(smtp.received.map((m) => m.to && 'text' in m.to ? m.to.text : '')).toEqual([withMail.email]);
    expect(await db().selectFrom('passwordLink').select('id').where('userId', '=', withoutMail.id).execute()).toEqual([]);
  });

  it('is throttled per login name and per address, whether or not the account exists', async () => {
    const name = '13912340000';
    for (let i = 0; i < RESET_LIMITS.identifier; i++) await anonymous().auth.requestPasswordReset({ identifier: name });
    const refused = await failureOf(anonymous().auth.requestPasswordReset({ identifier: name }));
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429 });
    const ip = '10.8.0.1';
    for (let i = 0; i < RESET_LIMITS.ip; i++) await anonymous('zh-CN', ip).auth.requestPasswordReset({ identifier: `1391235${String(i).padStart(4, '0')}` });
    expect((await failureOf(anonymous('en', ip).auth.requestPasswordReset({ identifier: '13912359999' }), 'en')).message).toMatch(/Too many/);
    // The login lock is separate: resets do not lock anyone out of logging in.
    expect((await failureOf(anonymous().auth.login({ identifier: name, password: 'whatever1' }))).code).toBe('LOGIN_FAILED');
  });
});
