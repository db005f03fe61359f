import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import type { Actor } from '../auth/actor';
import { loadActor } from '../auth/queries';
import { createSession, validateSessionToken } from '../auth/session';
import { hashPassword } from '../auth/password';

let database: Database;
let unit: (name: string) => UnitRef;
let districtAdmin: Actor;
const db = () => database.db;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  districtAdmin = await makeUser(db(), 'admin', unit('城东区'), { name: '区管理员' });
});
afterAll(() => database.close());

const auditOf = (targetId: string) =>
  db().selectFrom('auditLog').select(['action', 'actorId', 'orgUnitId', 'detail']).where('targetId', '=', targetId).orderBy('id').execute();

describe('staff accounts and roles', () => {
  it('an admin creates a grid worker in a grid of their district; both steps are audited and a mail is queued', async () => {
    const api = callerFor(db(), districtAdmin);
    const { id } = await api.account.createStaff({ name: '孙网格', phone: '13512340000', email: 'sun@example.cn', password: 'abc12345', role: 'grid_worker', orgUnitId: unit('湖滨社区/第二网格').id });
    const roles = await db().selectFrom('membership').select(['role', 'orgUnitId', 'grantedBy']).where('userId', '=', id).execute();
    expect(roles).toEqual([{ role: 'grid_worker', orgUnitId: unit('湖滨社区/第二网格').id, grantedBy: districtAdmin.userId }]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['user.create', 'role.grant']);
    const mail = await db().selectFrom('emailOutbox').select('subject').where('toAddress', '=', 'sun@example.cn').executeTakeFirstOrThrow();
    expect(mail.subject).toBe('您的网格通账号已开通');
    await expect(callerFor(db(), null).auth.login({ identifier: '13512340000', password: 'abc12345' })).resolves.toBeTruthy();
  });

  it('a grid worker belongs to a grid, not a community', async () => {
    const err = await failureOf(callerFor(db(), districtAdmin).account.createStaff({ name: '错层级', phone: '13512340001', password: 'abc12345', role: 'grid_worker', orgUnitId: unit('湖滨社区').id }));
    expect(err.message).toBe('网格员只能属于一个网格。');
    expect(await db().selectFrom('appUser').select('id').where('phone', '=', '13512340001').executeTakeFirst()).toBeUndefined();
  });

  it('grants and revokes a role, auditing each, and the change shows on the next request', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'));
    const api = callerFor(db(), districtAdmin);
    const { membershipId } = await api.account.grantRole({ userId: person.userId, role: 'counselor', orgUnitId: unit('东湖街道').id });
    const next = await loadActor(db(), person.userId, person.sessionId);
    expect(next?.memberships.map((m) => m.role).sort()).toEqual(['counselor', 'volunteer']);
    const dup = await failureOf(api.account.grantRole({ userId: person.userId, role: 'counselor', orgUnitId: unit('东湖街道').id }));
    expect(dup.message).toBe('该用户在此单位已有这个角色。');
    await api.account.revokeRole({ membershipId });
    expect((await loadActor(db(), person.userId, person.sessionId))?.memberships.map((m) => m.role)).toEqual(['volunteer']);
    const audit = await auditOf(person.userId);
    expect(audit.map((a) => [a.action, a.actorId, (a.detail as { role?: string }).role])).toEqual([
      ['role.grant', districtAdmin.userId, 'counselor'],
      ['role.revoke', districtAdmin.userId, 'counselor']
    ]);
  });

  it('a role change ends the person’s sessions, so their next request signs in afresh', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'));
    expect(await validateSessionToken(db(), person.token)).not.toBeNull();
    await callerFor(db(), districtAdmin).account.grantRole({ userId: person.userId, role: 'counselor', orgUnitId: unit('东湖街道').id });
    expect(await validateSessionToken(db(), person.token)).toBeNull();
  });

  it('revoking a role ends the person’s sessions too, and leaves other people’s alone', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'));
    const bystander = await makeUser(db(), 'volunteer', unit('桃园社区'));
    const { membershipId } = await callerFor(db(), districtAdmin).account.grantRole({ userId: person.userId, role: 'counselor', orgUnitId: unit('东湖街道').id });
    // Signed in again after the grant, now as a counselor.
    const { token } = await createSession(db(), person.userId);
    expect((await validateSessionToken(db(), token))?.actor.memberships.map((m) => m.role).sort()).toEqual(['counselor', 'volunteer']);
    await callerFor(db(), districtAdmin).account.revokeRole({ membershipId });
    expect(await validateSessionToken(db(), token)).toBeNull();
    expect(await validateSessionToken(db(), bystander.token)).not.toBeNull();
  });

  it('logging in again ends the session the browser had before', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'), { phone: '13512349999' });
    await db().updateTable('appUser').set({ passwordHash: await hashPassword('abc12345') }).where('id', '=', person.userId).execute();
    await callerFor(db(), person).auth.login({ identifier: '13512349999', password: 'abc12345' });
    expect(await validateSessionToken(db(), person.token)).toBeNull();
  });

  it('cannot grant at a unit outside the admin scope, and changes nothing', async () => {
    const person = await makeUser(db(), 'volunteer', unit('桃园社区'));
    const err = await failureOf(callerFor(db(), districtAdmin).account.grantRole({ userId: person.userId, role: 'hr', orgUnitId: unit('城西区').id }));
    expect(err.status).toBe(403);
    expect(err.message).toBe('您没有权限进行此操作。');
    expect(await db().selectFrom('membership').select('role').where('userId', '=', person.userId).execute()).toEqual([{ role: 'volunteer' }]);
  });

  it('lists only people in the admin scope', async () => {
    const east = await makeUser(db(), 'volunteer', unit('光明社区'), { name: '东边的人' });
    const west = await makeUser(db(), 'volunteer', unit('枫林社区'), { name: '西边的人' });
    const list = await callerFor(db(), districtAdmin).account.list({ search: '边的人' });
    expect(list.map((u) => u.id)).toContain(east.userId);
    expect(list.map((u) => u.id)).not.toContain(west.userId);
  });

  it('an admin cannot revoke their own admin role', async () => {
    const err = await failureOf(callerFor(db(), districtAdmin).account.revokeRole({ membershipId: districtAdmin.memberships[0]!.id }));
    expect(err.message).toBe('不能撤销您自己的管理员角色。');
  });
});

describe('the audit log', () => {
  it('refuses UPDATE and DELETE whatever code tries', async () => {
    await expect(db().updateTable('auditLog').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/);
  });
});
