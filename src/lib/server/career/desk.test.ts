import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';

const world = useCalloutWorld();
const db = () => world.db();
let hr1: Actor, hr2: Actor, westHr: Actor;
const career = (actor: Actor) => callerFor(db(), actor).career;

async function hire(name: string, grid: string, hireDate = '2015-01-01', leaveDate: string | null = null) {
  const person = await makeUser(db(), 'grid_worker', world.unit(grid), { name });
  await db().insertInto('worker').values({ userId: person.userId, gridId: world.unit(grid).id, hireDate, leaveDate, leaveReason: leaveDate ? '个人原因' : null }).execute();
  return person;
}

beforeAll(async () => {
  hr1 = await makeUser(db(), 'hr', world.unit('城东区'));
  hr2 = await makeUser(db(), 'hr', world.unit('城东区'));
  westHr = await makeUser(db(), 'hr', world.unit('城西区'));
});

describe('HR career desk reads', () => {
  it('lists the workers of a unit employed in the year with that year’s appraisal, searchable and paged', async () => {
    const a = await hire('甲考核', '新华社区/第一网格');
    const b = await hire('乙考核', '新华社区/第一网格');
    await hire('丙已离职', '新华社区/第二网格', '2015-01-01', '2019-06-30');
    await hire('丁新入职', '新华社区/第二网格', '2026-01-01');
    await career(hr1).appraisal.save({ workerId: a.userId, year: 2024, result: 'excellent', comment: '表现突出' });
    const unitId = world.unit('新华社区').id;
    const list = await career(hr1).appraisal.forUnit({ unitId, year: 2024 });
    expect(list.workers.map((w) => w.name).sort()).toEqual(['甲考核', '乙考核'].sort());
    expect(list).toMatchObject({ total: 2, entered: 1, excellent: 1, unit: { name: '新华社区' } });
    expect(list.workers.find((w) => w.workerId === a.userId)!.appraisal).toEqual({ result: 'excellent', comment: '表现突出' });
    expect(list.workers.find((w) => w.workerId === b.userId)!.appraisal).toBeNull();
    const found = await career(hr1).appraisal.forUnit({ unitId, year: 2024, search: '乙' });
    expect(found.workers.map((w) => w.workerId)).toEqual([b.userId]);
    const pages = await Promise.all([0, 1].map((offset) => career(hr1).appraisal.forUnit({ unitId, year: 2024, limit: 1, offset })));
    expect(pages.flatMap((p) => p.workers.map((w) => w.workerId)).sort()).toEqual([a.userId, b.userId].sort());
    expect((await failureOf(career(westHr).appraisal.forUnit({ unitId, year: 2024 }))).code).toBe('FORBIDDEN');
  });

  it('shows certificates waiting for verification only to HR over the worker', async () => {
    const w = await hire('戊持证', '光明社区/第一网格');
    const { certificateId } = await callerFor(db(), w).career.certificate.add({ typeCode: 'psych_counselor', issuedOn: '2024-01-01', number: 'XL-1' });
    expect((await career(hr1).certificate.pending()).map((c) => c.id)).toContain(certificateId);
    expect((await career(westHr).certificate.pending()).map((c) => c.id)).not.toContain(certificateId);
    await career(hr1).certificate.verify({ certificateId });
    expect((await career(hr1).certificate.pending()).map((c) => c.id)).not.toContain(certificateId);
  });

  it('lists the pipeline in scope and marks the caller’s own nominations', async () => {
    const w = await hire('己晋升', '光明社区/第二网格');
    const { promotionId } = await career(hr1).promotion.nominate({ workerId: w.userId, targetPosition: '社区副站长', reason: '连续三年优秀' });
    const mine = (await career(hr1).promotion.list()).find((p) => p.id === promotionId);
    expect(mine).toMatchObject({ name: '己晋升', status: 'nominated', mine: true, targetPosition: '社区副站长' });
    expect((await career(hr2).promotion.list()).find((p) => p.id === promotionId)).toMatchObject({ mine: false });
    expect((await career(westHr).promotion.list()).find((p) => p.id === promotionId)).toBeUndefined();
  });

  it('offers the certificate and honour types kept as data', async () => {
    const types = await career(hr1).types();
    expect(types.certificateTypes.map((t) => t.name)).toContain('心理咨询师');
    expect(types.honourTypes.map((t) => t.name)).toContain('最美网格员');
  });
});
