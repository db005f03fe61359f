import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { parseCsv } from './csv';
import { parseDay } from './import-values';
import { createSession, validateSessionToken } from '../auth/session';

let database: Database;
let unit: (name: string) => UnitRef;
let hr: Actor;
let westHr: Actor;
const db = () => database.db;
const as = (actor: Actor, locale: 'zh-CN' | 'en' = 'zh-CN') => callerFor(db(), actor, locale).worker;

const fields = (gridId: string, extra: Record<string, unknown> = {}) => ({
  name: '周网格', phone: '15811112222', email: 'zhou@example.cn', gridId, position: '网格员', hireDate: '2023-04-01',
  education: 'college' as const, bankLast4: '0420', ...extra
});

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  hr = await makeUser(db(), 'hr', unit('城东区'));
  westHr = await makeUser(db(), 'hr', unit('城西区'));
});
afterAll(() => database.close());

describe('worker records', () => {
  let id: string;

  it('HR creates a worker: an account without a password, the grid_worker role at the grid, the record, an audit entry', async () => {
    ({ userId: id } = await as(hr).save(fields(unit('湖滨社区/第一网格').id)));
    const w = await as(hr).get({ userId: id });
    expect(w).toMatchObject({
      name: '周网格', phone: '15811112222', email: 'zhou@example.cn', education: 'college', position: '网格员', hireDate: '2023-04-01',
      bankLast4: '0420', leaveDate: null, leaveReason: null, gridName: '第一网格', communityName: '湖滨社区', streetName: '东湖街道', hasPassword: false
    });
    expect(w).not.toHaveProperty('passwordHash');
    const roles = await db().selectFrom('membership').select(['role', 'orgUnitId', 'grantedBy']).where('userId', '=', id).execute();
    expect(roles).toEqual([{ role: 'grid_worker', orgUnitId: unit('湖滨社区/第一网格').id, grantedBy: hr.userId }]);
    const logged = await db().selectFrom('auditLog').select(['action', 'actorId']).where('targetId', '=', id).execute();
    expect(logged).toEqual([{ action: 'worker.create', actorId: hr.userId }]);
  });

  it('sets a leave date with its reason, moves the worker to another grid and the role with them', async () => {
    await as(hr).save({ ...fields(unit('桃园社区/第二网格').id), userId: id, leaveDate: '2026-01-31', leaveReason: '家庭原因' });
    const w = await as(hr).get({ userId: id });
    expect(w).toMatchObject({ leaveDate: '2026-01-31', leaveReason: '家庭原因', gridName: '第二网格', communityName: '桃园社区' });
    const roles = await db().selectFrom('membership').select('orgUnitId').where('userId', '=', id).where('role', '=', 'grid_worker').execute();
    expect(roles).toEqual([{ orgUnitId: unit('桃园社区/第二网格').id }]);
    const entry = await db().selectFrom('auditLog').select('detail').where('targetId', '=', id).where('action', '=', 'worker.update').executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ changed: expect.arrayContaining(['gridId', 'leaveDate', 'leaveReason']), leaveDate: '2026-01-31' });
    expect(JSON.stringify(entry.detail)).not.toContain('0420');
  });

  it('lists by status, unit and search, in pages', async () => {
    const grid = unit('光明社区/第一网格').id;
    for (let i = 0; i < 3; i++) await as(hr).save(fields(grid, { name: `光明${i}`, phone: `1581111300${i}`, email: undefined }));
    const all = await as(hr).list({ unitId: unit('光明社区').id, status: 'all' });
    expect(all.total).toBe(3);
    expect(all.items.map((w) => w.name)).toEqual(['光明0', '光明1', '光明2']);
    const page2 = await as(hr).list({ unitId: unit('光明社区').id, status: 'all', limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 3, items: [{ name: '光明2' }] });

    // Left yesterday → left; leaving in the future → still working.
    const yesterday = new Date(Date.now() - 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const [a, b] = all.items;
    await as(hr).save({ ...fields(grid, { name: a!.name, phone: a!.phone, email: undefined }), userId: a!.userId, leaveDate: yesterday, leaveReason: '辞职' });
    await as(hr).save({ ...fields(grid, { name: b!.name, phone: b!.phone, email: undefined }), userId: b!.userId, leaveDate: '2099-12-31', leaveReason: '退休' });
    expect((await as(hr).list({ unitId: unit('光明社区').id, status: 'left' })).items.map((w) => w.name)).toEqual(['光明0']);
    expect((await as(hr).list({ unitId: unit('光明社区').id, status: 'active' })).items.map((w) => w.name)).toEqual(['光明1', '光明2']);
    expect((await as(hr).list({ status: 'all', search: '13002' })).items.map((w) => w.name)).toEqual(['光明2']);
    expect((await as(hr).list({ status: 'all', search: '周网' })).items.map((w) => w.name)).toEqual(['周网格']);
    // A search for % is a search for the character, not "anything".
    expect((await as(hr).list({ status: 'all', search: '%' })).total).toBe(0);
  });

  it('HR of another district neither sees nor saves the worker, nor creates one on a grid out of reach', async () => {
    expect(await as(westHr).list({ status: 'all' })).toEqual({ items: [], total: 0 });
    expect((await failureOf(as(westHr).get({ userId: id }))).code).toBe('NOT_FOUND');
    const update = await failureOf(as(westHr).save({ ...fields(unit('西山社区/第一网格').id), userId: id }));
    expect(update).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const moveOut = await failureOf(as(hr).save({ ...fields(unit('西山社区/第一网格').id), userId: id }));
    expect(moveOut).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const create = await failureOf(as(westHr).save(fields(unit('湖滨社区/第一网格').id, { phone: '15811114444', email: undefined })));
    expect(create).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await as(hr).get({ userId: id })).gridName).toBe('第二网格');
  });

  it('refuses bad input with messages per field', async () => {
    const grid = unit('湖滨社区/第一网格').id;
    const bad = await failureOf(as(hr).save(fields(grid, { phone: '15899990000', email: undefined, bankLast4: '6222021234567890', leaveDate: '2020-01-01' })));
    expect(bad.code).toBe('VALIDATION');
    expect(bad.fields).toMatchObject({ bankLast4: '请只填写银行卡号的最后 4 位数字', leaveReason: '填写离职日期时，请同时填写离职原因', leaveDate: '离职日期不能早于入职日期' });
    const taken = await failureOf(as(hr).save(fields(grid, { phone: '13800000005', email: undefined })));
    expect(taken).toMatchObject({ code: 'PHONE_TAKEN', fields: { phone: '这个手机号已经有账号了' } });
    const notGrid = await failureOf(as(hr).save(fields(unit('湖滨社区').id, { phone: '15899990001', email: undefined })));
    expect(notGrid).toMatchObject({ code: 'VALIDATION', fields: { gridId: '请选择一个网格' } });
    const en = await failureOf(as(hr, 'en').save(fields(grid, { phone: '15899990002', email: undefined, leaveReason: '走了' })), 'en');
    expect(en.fields).toMatchObject({ leaveDate: 'With a leave reason, give the leave date too' });
  });
});

describe('leaving', () => {
  const shanghaiDay = (offsetDays: number) => new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);
  const rolesOf = async (token: string) => (await validateSessionToken(db(), token))!.actor.memberships.map((m) => m.role);

  it('ends the grid-worker role on the leave date; a corrected date brings it back; the payslips stay readable', async () => {
    const grid = unit('湖滨社区/第一网格').id;
    const person = fields(grid, { name: '离职测试', phone: '15822223333', email: undefined, hireDate: '2020-01-01' });
    const { userId } = await as(hr).save(person);
    const { token } = await createSession(db(), userId);
    expect(await rolesOf(token)).toEqual(['grid_worker']);

    await as(hr).save({ ...person, userId, leaveDate: shanghaiDay(1), leaveReason: '合同到期' });
    expect(await rolesOf(token), 'still a grid worker until the day').toEqual(['grid_worker']);

    await as(hr).save({ ...person, userId, leaveDate: shanghaiDay(0), leaveReason: '合同到期' });
    expect(await rolesOf(token)).toEqual([]);
    const leaver = (await validateSessionToken(db(), token))!.actor;
    const post = callerFor(db(), leaver).callout.create({
      gridId: grid, title: '离职后发布', category: 'other', place: '社区', slots: 1,
      startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString()
    });
    expect((await failureOf(post)).status).toBe(403);
    expect(await callerFor(db(), leaver).pay.payslip.mine()).toEqual([]);
    // The membership row stays, for the record of who held the grid.
    expect(await db().selectFrom('membership').select('role').where('userId', '=', userId).execute()).toEqual([{ role: 'grid_worker' }]);

    await as(hr).save({ ...person, userId });
    expect(await rolesOf(token)).toEqual(['grid_worker']);
  });
});

describe('reading cells', () => {
  it('parses CSV with quotes, doubled quotes, line breaks in quotes, CRLF, a BOM and semicolons', () => {
    expect(parseCsv('\uFEFF姓名,备注\r\n"张,三","说""好""的\r\n第二行"\r\n李四,\r\n')).toEqual([['姓名', '备注'], ['张,三', '说"好"的\r\n第二行'], ['李四', '']]);
    expect(parseCsv('a;b\n1;2')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a\tb\n1\t2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('understands the ways people write a day', () => {
    for (const s of ['2024-03-01', '2024/3/1', '2024.3.1', '2024年3月1日', '20240301', '2024-03-01 00:00:00']) expect(parseDay(s), s).toBe('2024-03-01');
    expect(parseDay(45352)).toBe('2024-03-01');
    expect(parseDay(new Date(Date.UTC(2024, 2, 1)))).toBe('2024-03-01');
    for (const s of ['2024-02-30', '2024-13-01', '1800-01-01', '明天', '3/1/2024']) expect(parseDay(s), s).toBeNull();
  });
});
