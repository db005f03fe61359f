import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, TEST_PASSWORD, type UnitRef } from '../testing/factories';
import type { Database } from '../db/connect';
import { sessionIdOf, validateSessionToken } from './session';

let database: Database;
let unit: (name: string) => UnitRef;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(database.db);
});
afterAll(() => database.close());

const db = () => database.db;
const rejection = failureOf;

describe('registration', () => {
  it('registers a volunteer in their home community, signs them in and queues a welcome mail', async () => {
    const api = callerFor(db(), null);
    const res = await api.auth.register({ name: '周小燕', phone: '+86 139-1234-5678', email: 'Zhou@Example.CN', password: 'abc12345', homeCommunityId: unit('湖滨社区').id });
    const user = await db().selectFrom('appUser').selectAll().where('id', '=', res.userId).executeTakeFirstOrThrow();
    expect(user.phone).toBe('13912345678');
    expect(user.email).toBe('zhou@example.cn');
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const roles = await db().selectFrom('membership').select(['role', 'orgUnitId']).where('userId', '=', res.userId).execute();
    expect(roles).toEqual([{ role: 'volunteer', orgUnitId: unit('湖滨社区').id }]);
    const mail = await db().selectFrom('emailOutbox').select(['toAddress', 'subject']).where('toAddress', '=', 'zhou@example.cn').execute();
    expect(mail).toEqual([{ toAddress: 'zhou@example.cn', subject: '欢迎加入网格通' }]);
  });

  it('refuses a duplicate phone or e-mail in the user language and adds nobody', async () => {
    const before = await db().selectFrom('appUser').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const phone = await rejection(callerFor(db(), null).auth.register({ name: '重复', phone: '13912345678', password: 'abc12345', homeCommunityId: unit('湖滨社区').id }));
    expect(phone.code).toBe('PHONE_TAKEN');
    expect(phone.status).toBe(409);
    expect(phone.message).toBe('该手机号已注册，请直接登录。');
    const email = await rejection(callerFor(db(), null, 'en').auth.register({ name: 'Dup', email: 'zhou@example.cn', password: 'abc12345', homeCommunityId: unit('湖滨社区').id }), 'en');
    expect(email.message).toBe('This e-mail is already registered; please log in.');
    const after = await db().selectFrom('appUser').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('explains each bad field: not a mainland mobile, weak password, a grid instead of a community', async () => {
    const err = await rejection(callerFor(db(), null).auth.register({ name: '', phone: '0755123', password: 'short', homeCommunityId: unit('湖滨社区').id }));
    expect(err.status).toBe(400);
    expect(err.fields).toEqual({ name: '此项必填', phone: '请输入 11 位中国大陆手机号', password: '密码至少 8 位，且同时包含字母和数字' });
    const grid = await rejection(callerFor(db(), null).auth.register({ name: '王五', phone: '13700000000', password: 'abc12345', homeCommunityId: unit('湖滨社区/第一网格').id }));
    expect(grid.message).toBe('请选择一个社区作为所在社区。');
    expect(await db().selectFrom('appUser').select('id').where('phone', '=', '13700000000').executeTakeFirst()).toBeUndefined();
  });

  it('refuses oversize fields', async () => {
    const err = await rejection(callerFor(db(), null).auth.register({ name: '名'.repeat(5000), email: `${'a'.repeat(300)}@x.cn`, password: 'abc12345', homeCommunityId: unit('湖滨社区').id }));
    expect(err.status).toBe(400);
    expect(err.fields).toEqual({ name: '不能超过 40 个字符', email: '请输入有效的邮箱地址' });
  });
});

describe('login', () => {
  it('logs in by phone or e-mail and stores only the hash of the session token', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611112222', email: 'li@example.cn' });
    for (const identifier of ['13611112222', 'LI@example.cn']) {
      const res = await callerFor(db(), null).auth.login({ identifier, password: TEST_PASSWORD });
      expect(res.userId).toBe(person.userId);
    }
    const sessions = await db().selectFrom('session').select('id').where('userId', '=', person.userId).execute();
    expect(sessions.map((s) => s.id)).toContain(sessionIdOf(person.token));
    expect(sessions.every((s) => /^[0-9a-f]{64}$/.test(s.id))).toBe(true);
  });

  it('gives the same answer for an unknown account and a wrong password', async () => {
    await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611113333' });
    const unknown = await rejection(callerFor(db(), null).auth.login({ identifier: '13600000000', password: 'whatever1' }));
    const wrong = await rejection(callerFor(db(), null).auth.login({ identifier: '13611113333', password: 'whatever1' }));
    expect(unknown.message).toBe(wrong.message);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.message).toBe('手机号/邮箱或密码不正确。');
  });

  it('locks an account name after 5 failures, for every server process, even with the right password', async () => {
    await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611114444' });
    for (let i = 0; i < 5; i++) await rejection(callerFor(db(), null, 'zh-CN', `10.0.0.${i}`).auth.login({ identifier: '13611114444', password: 'wrong-pass1' }));
    const locked = await rejection(callerFor(db(), null, 'zh-CN', '10.0.0.99').auth.login({ identifier: '13611114444', password: TEST_PASSWORD }));
    expect(locked.status).toBe(429);
    expect(locked.message).toMatch(/登录失败次数过多，请 1[45] 分钟后再试。/);
    const row = await db().selectFrom('loginThrottle').selectAll().where('key', '=', 'account:13611114444').executeTakeFirstOrThrow();
    expect(row.lockedUntil).not.toBeNull();
  });

  it('fewer than 5 failures do not lock an account name, and signing in clears them', async () => {
    await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611116666' });
    const attempt = (password: string, i: number) => callerFor(db(), null, 'zh-CN', `10.3.0.${i}`).auth.login({ identifier: '13611116666', password });
    for (const round of [1, 2]) {
      for (let i = 0; i < 4; i++) expect((await rejection(attempt('wrong-pass1', i))).code, `round ${round}`).toBe('LOGIN_FAILED');
      await expect(attempt(TEST_PASSWORD, 9), `round ${round}`).resolves.toMatchObject({ userId: expect.any(String) });
    }
  });

  it('locks an address after 30 failures across any account names; another address still logs in', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611117777' });
    const from = (ip: string) => callerFor(db(), null, 'zh-CN', ip).auth;
    const right = { identifier: '13611117777', password: TEST_PASSWORD };
    // One guess per name, so no name comes near its own limit of 5.
    const guess = (n: number) => rejection(from('10.4.0.1').login({ identifier: `guess${n}@example.cn`, password: 'wrong-pass1' }));
    for (let n = 1; n <= 29; n++) expect((await guess(n)).code, `guess ${n}`).toBe('LOGIN_FAILED');
    // 29 failures: the address may still sign in, and signing in does not wipe its count.
    await expect(from('10.4.0.1').login(right)).resolves.toMatchObject({ userId: person.userId });
    expect((await guess(30)).code).toBe('LOGIN_FAILED');
    const locked = await rejection(from('10.4.0.1').login(right));
    expect(locked).toMatchObject({ status: 429, code: 'LOGIN_LOCKED' });
    expect(locked.message).toMatch(/^登录失败次数过多，请 1[45] 分钟后再试。$/);
    await expect(from('10.4.0.2').login(right)).resolves.toMatchObject({ userId: person.userId });
  });

  it('a disabled account cannot sign in, even with the right password, and its session stops working', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611118888' });
    await db().updateTable('appUser').set({ disabledAt: new Date() }).where('id', '=', person.userId).execute();
    const refused = await rejection(callerFor(db(), null, 'zh-CN', '10.5.0.1').auth.login({ identifier: '13611118888', password: TEST_PASSWORD }));
    expect(refused).toMatchObject({ status: 401, code: 'LOGIN_FAILED', message: '手机号/邮箱或密码不正确。' });
    expect(await validateSessionToken(db(), person.token)).toBeNull();
  });

  it('locks an unknown account name the same way, so a lock does not reveal who exists', async () => {
    for (let i = 0; i < 5; i++) await rejection(callerFor(db(), null, 'zh-CN', `10.1.0.${i}`).auth.login({ identifier: 'nobody@example.cn', password: 'wrong-pass1' }));
    const locked = await rejection(callerFor(db(), null, 'zh-CN', '10.1.0.99').auth.login({ identifier: 'nobody@example.cn', password: 'wrong-pass1' }));
    expect(locked.code).toBe('LOGIN_LOCKED');
  });
});

describe('sessions', () => {
  it('expires: an expired session is refused and removed', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'));
    await db().updateTable('session').set({ expiresAt: new Date(Date.now() - 1000) }).where('id', '=', sessionIdOf(person.token)).execute();
    expect(await validateSessionToken(db(), person.token)).toBeNull();
    expect(await db().selectFrom('session').select('id').where('id', '=', sessionIdOf(person.token)).executeTakeFirst()).toBeUndefined();
  });

  it('slides: a session in the second half of its 30 days is extended to 30 days again', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'));
    await db().updateTable('session').set({ expiresAt: new Date(Date.now() + 5 * 86400_000) }).where('id', '=', sessionIdOf(person.token)).execute();
    const res = await validateSessionToken(db(), person.token);
    expect(res?.renewedUntil && res.renewedUntil.getTime() - Date.now()).toBeGreaterThan(29 * 86400_000);
  });

  it('logout ends the session; a password change ends the other sessions', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13611115555' });
    const second = await callerFor(db(), null).auth.login({ identifier: '13611115555', password: TEST_PASSWORD });
    await callerFor(db(), person).auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'newpass123' });
    const left = await db().selectFrom('session').select('id').where('userId', '=', person.userId).execute();
    expect(left.map((s) => s.id)).toEqual([person.sessionId]);
    expect(second.userId).toBe(person.userId);
    await callerFor(db(), person).auth.logout();
    expect(await validateSessionToken(db(), person.token)).toBeNull();
    await expect(callerFor(db(), null).auth.login({ identifier: '13611115555', password: 'newpass123' })).resolves.toBeTruthy();
  });

  it('asks anonymous callers to log in', async () => {
    const err = await rejection(callerFor(db(), null).profile.get());
    expect(err.status).toBe(401);
    expect(err.message).toBe('请先登录。');
  });
});
