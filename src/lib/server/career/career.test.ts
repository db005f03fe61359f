import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { certificateExpiryRound } from './expiry-mail';

const world = useCalloutWorld();
const db = () => world.db();
let hr1: Actor, hr2: Actor;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86400_000).toISOString().slice(0, 10);
const thisYear = () => Number(today().slice(0, 4));

async function hire(name: string, grid: string, hireDate = '2015-01-01', leaveDate: string | null = null, extra: { email?: string } = {}) {
  const person = await makeUser(db(), 'grid_worker', world.unit(grid), { name, ...extra });
  await db().insertInto('worker').values({ userId: person.userId, gridId: world.unit(grid).id, hireDate, leaveDate, leaveReason: leaveDate ? '个人原因' : null }).execute();
  await db().updateTable('appUser').set({ education: 'college' }).where('id', '=', person.userId).execute();
  return person;
}
const career = (actor: Actor) => callerFor(db(), actor).career;

beforeAll(async () => {
  hr1 = await makeUser(db(), 'hr', world.unit('城东区'));
  hr2 = await makeUser(db(), 'hr', world.unit('城东区'));
});

describe('appraisals', () => {
  it('a year still to come and a second appraisal for a year are refused', async () => {
    const w = await hire('钱网格', '桃园社区/第一网格');
    expect((await failureOf(career(hr1).appraisal.save({ workerId: w.userId, year: thisYear() + 1, result: 'qualified' }))).code).toBe('APPRAISAL_FUTURE');
    await career(hr1).appraisal.save({ workerId: w.userId, year: 2024, result: 'qualified' });
    const twice = await failureOf(career(hr1).appraisal.save({ workerId: w.userId, year: 2024, result: 'excellent' }));
    expect(twice).toMatchObject({ status: 409, code: 'APPRAISAL_EXISTS', message: '该网格员 2024 年的考核已录入，同一年只能有一条。' });
  });

  it('warns, without refusing, when 优秀 passes the unit’s quota; a unit may set its own', async () => {
    const a = await hire('孙网格', '桃园社区/第二网格');
    const b = await hire('周网格', '桃园社区/第二网格');
    expect((await career(hr1).appraisal.save({ workerId: a.userId, year: 2023, result: 'qualified' })).warning).toBeNull();
    const saved = await career(hr1).appraisal.save({ workerId: b.userId, year: 2023, result: 'excellent' });
    expect(saved).toEqual({ warning: '东湖街道 2023 年已评优秀 1 人，占 50%，超过 20% 的比例。', offerAward: true });
    await db().insertInto('appraisalQuota').values({ orgUnitId: world.unit('桃园社区').id, excellentPercent: 60 }).execute();
    const c = await hire('吴网格', '桃园社区/第二网格');
    expect((await career(hr1).appraisal.save({ workerId: c.userId, year: 2023, result: 'qualified' })).warning).toBeNull();
  });
});

describe('certificates', () => {
  it('checks dates, the real type of the scan and its size', async () => {
    const w = await hire('郑网格', '桃园社区/第一网格');
    const add = (fields: Record<string, unknown>) => career(w).certificate.add({ typeCode: 'social_worker_mid', issuedOn: '2024-05-01', ...fields });
    expect((await failureOf(add({ expiresOn: '2024-04-01' }))).code).toBe('CERT_DATES');
    const text = await failureOf(add({ scanBase64: Buffer.from('not an image').toString('base64') }));
    expect(text).toMatchObject({ code: 'UPLOAD_TYPE', message: '只能上传图片（PNG、JPEG）或 PDF 文件。' });
    const big = await failureOf(add({ scanBase64: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]).toString('base64') }));
    expect(big).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: '文件过大，最大 5 MB。' });
    const { certificateId } = await add({ scanBase64: PNG.toString('base64'), number: 'SW2024-001' });
    expect((await db().selectFrom('workerCertificate').select(['scanType', 'verifiedAt']).where('id', '=', certificateId).executeTakeFirstOrThrow())).toEqual({ scanType: 'image/png', verifiedAt: null });
    await career(hr1).certificate.verify({ certificateId });
    const outsider = await makeUser(db(), 'hr', world.unit('城西区'));
    expect((await failureOf(career(outsider).certificate.verify({ certificateId }))).status).toBe(404);
  });

  it('mails the 60-day expiry reminder once, for verified certificates only', async () => {
    const w = await hire('冯网格', '桃园社区/第一网格', '2015-01-01', null, { email: 'feng@example.cn' });
    await db().insertInto('workerCertificate').values([
      { workerId: w.userId, typeCode: 'psych_counselor', issuedOn: '2020-01-01', expiresOn: inDays(59), verifiedAt: new Date(), number: 'PC-1' },
      { workerId: w.userId, typeCode: 'emergency_rescuer', issuedOn: '2020-01-01', expiresOn: inDays(30), number: 'ER-1' },
      { workerId: w.userId, typeCode: 'social_worker_junior', issuedOn: '2020-01-01', expiresOn: inDays(90), verifiedAt: new Date(), number: 'SJ-1' }
    ]).execute();
    const [first, second] = await Promise.all([certificateExpiryRound(db()), certificateExpiryRound(db())]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    expect(await certificateExpiryRound(db())).toBe(0);
    const mails = await db().selectFrom('emailOutbox').select(['subject', 'textBody']).where('toAddress', '=', 'feng@example.cn').execute();
    expect(mails).toEqual([{ subject: `您的心理咨询师证书将于 ${inDays(59)} 到期`, textBody: expect.stringContaining('（编号 PC-1）') }]);
  });
});

describe('promotion', () => {
  it('three years 优秀 → eligible with the reason; another HR user decides; the position history shows it', async () => {
    const w = await hire('褚网格', '桃园社区/第一网格');
    for (const year of [thisYear() - 3, thisYear() - 2, thisYear() - 1]) await career(hr1).appraisal.save({ workerId: w.userId, year, result: 'excellent' });
    const [deputy, civil] = await career(w).eligibility.mine();
    expect(deputy).toMatchObject({ eligible: true, summary: '符合条件：可社区副站长', checks: [{ met: true, text: `连续 3 年考核优秀（${thisYear() - 3}–${thisYear() - 1} 年）` }] });
    expect(civil!.checks[0]!.text).toBe('需连续 5 年考核优秀，目前连续 3 年，还差 2 年优秀');
    expect(await career(hr2).eligibility.forWorker({ workerId: w.userId })).toEqual([deputy, civil]);

    const { promotionId } = await career(hr1).promotion.nominate({ workerId: w.userId, ruleId: deputy!.ruleId, targetPosition: '社区副站长', reason: '连续三年优秀' });
    expect((await failureOf(career(hr1).promotion.decide({ promotionId, decision: 'review' }))).code).toBe('PROMOTION_OWN_DECISION');
    expect((await failureOf(career(hr2).promotion.decide({ promotionId, decision: 'approve', effectiveOn: today() }))).code).toBe('PROMOTION_STATE');
    await career(hr2).promotion.decide({ promotionId, decision: 'review' });
    await career(hr2).promotion.decide({ promotionId, decision: 'approve', effectiveOn: today() });
    const record = await career(w).record({});
    expect(record.current).toBe('社区副站长');
    expect(record.positions.map((p) => p.position)).toEqual(['网格员', '社区副站长']);
  });
});

describe('honours and figures', () => {
  it('the public honour roll shows names and citations, nothing private', async () => {
    const w = await hire('卫网格', '桃园社区/第一网格');
    await career(hr1).honour.award({ workerId: w.userId, typeCode: 'service_star', year: 2025, citation: '全年走访独居老人 300 余次' });
    expect((await failureOf(career(hr1).honour.award({ workerId: w.userId, typeCode: 'service_star', year: 2025, citation: '重复' }))).code).toBe('HONOUR_EXISTS');
    const roll = await callerFor(db(), null).career.honour.roll({ unitId: world.unit('桃园社区').id, year: 2025 });
    expect(roll.honours).toEqual([{ id: expect.any(String), year: 2025, honour: '服务之星', citation: '全年走访独居老人 300 余次', name: '卫网格', gridName: '第一网格' }]);
  });

  it('turnover and certificate rate on a hand-made unit', async () => {
    const grid = '西山社区/第二网格';
    const hrWest = await makeUser(db(), 'hr', world.unit('城西区'));
    const a = await hire('甲', grid, '2020-01-01');
    await hire('乙', grid, '2020-01-01', '2025-06-30');
    await hire('丙', grid, '2025-03-01');
    await hire('丁', grid, '2024-01-01', '2025-12-31');
    await db().insertInto('workerCertificate').values({ workerId: a.userId, typeCode: 'social_worker_mid', issuedOn: '2024-01-01', verifiedAt: new Date() }).execute();
    const figures = await career(hrWest).figures({ unitId: world.unit('西山社区').id, year: 2025 });
    // 1 Jan: 甲 乙 丁 = 3; 31 Dec: 甲 丙 = 2 (丁 left that day); leavers 乙 丁 = 2; turnover 2 ÷ 2.5 = 80.0%.
    expect(figures.unit).toMatchObject({ headcountAtStart: 3, headcount: 2, leavers: 2, turnoverPermille: 800, certified: 1, certificateRatePermille: 500 });
    expect(figures.children.find((c) => c.unitName === '第二网格')).toMatchObject({ headcount: 2, leavers: 2 });
    expect((await failureOf(career(hr1).figures({ unitId: world.unit('西山社区').id, year: 2025 }))).status).toBe(403);
  });
});
