import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, makeUser, type UnitRef } from '../testing/factories';
import { audit } from './audit';

// The audit log says who did what to which record. What the record holds (an award's title and
// amount, an appraisal's result) stays with the record, for those who may open it.

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;
let hr: Actor;
let admin: Actor;
let worker: Actor;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  hr = await makeUser(db(), 'hr', unit('城东区'));
  admin = await makeUser(db(), 'admin', unit('城东区'));
  worker = await makeUser(db(), 'grid_worker', unit('桃园社区/第一网格'), { name: '李网格' });
  await db().insertInto('worker').values({ userId: worker.userId, gridId: unit('桃园社区/第一网格').id, hireDate: '2020-01-01' }).execute();
});
afterAll(() => database.close());

const entries = async () => (await callerFor(db(), admin).audit.list({ limit: 200 })).filter((e) => e.targetId === worker.userId || e.action.startsWith('pay.'));

describe('the audit log, read by an admin', () => {
  it('says an award was given and an appraisal entered, but not the title, the amount or the result', async () => {
    await callerFor(db(), hr).pay.award.add({ workerId: worker.userId, kind: 'honour', title: '防汛先进个人奖励', amountFen: 123456, awardedOn: '2026-11-20' });
    await callerFor(db(), hr).career.appraisal.save({ workerId: worker.userId, year: 2025, result: 'excellent', comment: '' });
    const shown = await entries();
    expect(shown.map((e) => e.action).sort()).toEqual(['career.appraisal.save', 'pay.award.add']);
    expect(shown.find((e) => e.action === 'career.appraisal.save')!.detail).toEqual({ year: 2025 });
    const text = JSON.stringify(shown);
    for (const secret of ['防汛先进个人奖励', '123456', '1234.56', 'excellent', '优秀']) expect(text).not.toContain(secret);
    // Nor are they stored in the log at all.
    const stored = JSON.stringify(await db().selectFrom('auditLog').select('detail').execute());
    for (const secret of ['防汛先进个人奖励', '123456', 'excellent']) expect(stored).not.toContain(secret);
  });

  it('shows none of the contents of entries written before they were kept out', async () => {
    await audit(db(), {
      actorId: hr.userId, action: 'pay.award.add', targetType: 'award', targetId: worker.userId, orgUnitId: unit('桃园社区/第一网格').id,
      detail: { title: '旧记录里的奖励名称', amountFen: 654321 }
    });
    await audit(db(), {
      actorId: hr.userId, action: 'pay.adjustment.add', targetType: 'payroll_line', targetId: worker.userId, orgUnitId: unit('桃园社区/第一网格').id,
      detail: { amountFen: -2778, month: '2026-11' }
    });
    const shown = await entries();
    const text = JSON.stringify(shown);
    for (const secret of ['旧记录里的奖励名称', '654321', '-2778']) expect(text).not.toContain(secret);
    expect(shown.find((e) => e.action === 'pay.adjustment.add')!.detail).toEqual({ month: '2026-11' });
  });
});
