import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';

const world = useCalloutWorld();
const db = () => world.db();
let hr1: Actor, hr2: Actor;
const workers: Record<'li' | 'wang' | 'zhao', Actor> = {} as never;

/** A grid worker of 桃园社区第一网格 (a community with no demo workers) with an employment record. */
async function hire(name: string, hireDate: string) {
  const person = await makeUser(db(), 'grid_worker', world.unit('桃园社区/第一网格'), { name });
  await db().insertInto('worker').values({ userId: person.userId, gridId: world.unit('桃园社区/第一网格').id, hireDate }).execute();
  return person;
}
const pay = (actor: Actor) => callerFor(db(), actor).pay;
const linesOf = async (runId: string, actor: Actor) => {
  const run = await pay(actor).run.get({ runId });
  const out: Record<string, [string, number][]> = {};
  for (const slip of run.payslips) {
    const detail = await pay(actor).payslip.get({ payslipId: slip.payslipId });
    out[slip.name] = detail.lines.map((l) => [l.label, l.amountFen]);
  }
  return { run, lines: out };
};

beforeAll(async () => {
  hr1 = await makeUser(db(), 'hr', world.unit('城东区'));
  hr2 = await makeUser(db(), 'hr', world.unit('城东区'));
  workers.li = await hire('李网格', '2020-01-01');
  workers.wang = await hire('王网格', '2026-11-14');
  workers.zhao = await hire('赵网格', '2019-06-01');
  await pay(hr1).structure.save({
    unitId: world.unit('东湖街道').id, effectiveFrom: '2026-01-01', basePayFen: 350000, performanceBaseFen: 150000,
    coefficients: { A: 1200, B: 1000, C: 800, D: 500 }, communicationFen: 10000, overtimeHourFen: 3333,
    certificates: [{ typeCode: 'social_worker_mid', monthlyFen: 30000 }]
  });
  await db().insertInto('workerCertificate').values({ workerId: workers.zhao.userId, typeCode: 'social_worker_mid', issuedOn: '2025-05-01', verifiedAt: new Date(), verifiedBy: hr1.userId }).execute();
});

describe('a payroll month from inputs to payslips', () => {
  let runId: string;

  it('refuses to compute while ratings are missing, naming who lacks one', async () => {
    ({ runId } = await pay(hr1).run.create({ unitId: world.unit('桃园社区').id, month: '2026-11' }));
    await pay(hr1).inputs.saveRatings({ month: '2026-11', ratings: [{ workerId: workers.li.userId, rating: 'A' }] });
    const failure = await failureOf(pay(hr1).run.compute({ runId }));
    expect(failure.code).toBe('PAY_MISSING_INPUTS');
    expect(failure.message).toMatch(/王网格.*赵网格.*缺少当月绩效评级/);
  });

  it('computes every line as checked by hand', async () => {
    await pay(hr1).inputs.saveRatings({ month: '2026-11', ratings: [{ workerId: workers.wang.userId, rating: 'B' }, { workerId: workers.zhao.userId, rating: 'C' }] });
    await pay(hr1).inputs.addOvertime({ workerId: workers.li.userId, month: '2026-11', minutes: 140, note: '防汛值守' });
    await pay(hr1).inputs.addDeduction({ workerId: workers.zhao.userId, month: '2026-11', kind: 'social_insurance', amountFen: 41234 });
    await pay(hr1).award.add({ workerId: workers.li.userId, kind: 'annual_excellent', title: '年度考核优秀奖励', amountFen: 500000, awardedOn: '2026-11-20' });
    await pay(hr1).run.compute({ runId });
    const { run, lines } = await linesOf(runId, hr1);
    expect(lines['李网格']).toEqual([['基本工资', 350000], ['绩效工资', 180000], ['通讯补贴', 10000], ['加班补贴', 7777], ['年度考核优秀奖励', 500000]]);
    // Hired 14 November: 17 of 30 days.
    expect(lines['王网格']).toEqual([['基本工资', 198333], ['绩效工资', 85000], ['通讯补贴', 5667]]);
    expect(lines['赵网格']).toEqual([['基本工资', 350000], ['绩效工资', 120000], ['通讯补贴', 10000], ['持证补贴（社会工作师（中级））', 30000], ['社会保险（个人部分）', -41234]]);
    expect(run.totals).toEqual({ grossFen: 1047777 + 289000 + 510000, deductionsFen: 41234, netFen: 1047777 + 289000 + 510000 - 41234 });
  });

  it('four eyes: the creator may review but not approve; another HR user approves', async () => {
    await pay(hr1).run.review({ runId });
    const refused = await failureOf(pay(hr1).run.approve({ runId }));
    expect(refused).toMatchObject({ status: 403, code: 'PAY_FOUR_EYES' });
    expect((await pay(hr1).run.get({ runId })).status).toBe('reviewed');
    await pay(hr2).run.approve({ runId });
    await pay(hr2).run.lock({ runId });
    expect((await failureOf(pay(hr1).run.compute({ runId }))).code).toBe('PAY_RUN_STATE');
  });

  it('the database itself refuses to change a locked run, whatever code path tries', async () => {
    const line = await db().selectFrom('payrollLine').select('id').where('runId', '=', runId).executeTakeFirstOrThrow();
    await expect(sql`update payroll_line set amount_fen = 1 where id = ${line.id}`.execute(db())).rejects.toThrow(/locked/);
    await expect(sql`delete from payslip where run_id = ${runId}`.execute(db())).rejects.toThrow(/locked/);
    await expect(sql`update payroll_run set status = 'draft' where id = ${runId}`.execute(db())).rejects.toThrow(/locked/);
    await expect(sql`delete from payroll_run where id = ${runId}`.execute(db())).rejects.toThrow(/locked/);
    await expect(sql`insert into payroll_line (payslip_id, run_id, position, kind, label, amount_fen, explanation) select id, run_id, 99, 'base', 'x', 1, 'x' from payslip where run_id = ${runId} limit 1`.execute(db())).rejects.toThrow(/locked/);
  });

  it('inputs and structures of a locked month are refused', async () => {
    expect((await failureOf(pay(hr1).inputs.addOvertime({ workerId: workers.li.userId, month: '2026-11', minutes: 30 }))).code).toBe('PAY_MONTH_LOCKED');
    const structure = await failureOf(pay(hr1).structure.save({
      unitId: world.unit('桃园社区').id, effectiveFrom: '2026-11-15', basePayFen: 1, performanceBaseFen: 1, coefficients: { A: 1000, B: 1000, C: 1000, D: 1000 }
    }));
    expect(structure).toMatchObject({ code: 'PAY_MONTH_LOCKED', message: '2026-11 的薪酬已锁定，不能再修改；如需更正，请在之后的批次中添加更正项。' });
  });

  it('paying mails each worker; the worker sees their own payslip and nobody else’s', async () => {
    const before = Number((await db().selectFrom('emailOutbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    await pay(hr2).run.markPaid({ runId });
    const mails = await db().selectFrom('emailOutbox').select(['toAddress', 'subject', 'textBody']).orderBy('createdAt', 'desc').limit(3).execute();
    expect(Number((await db().selectFrom('emailOutbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) - before).toBe(3);
    expect(mails.map((m) => m.subject)).toContain('2026-11 工资已发放');
    const mine = await pay(workers.li).payslip.mine();
    expect(mine).toEqual([expect.objectContaining({ month: '2026-11-01', status: 'paid', netFen: 1047777 })]);
    const slip = await pay(workers.li).payslip.get({ payslipId: mine[0]!.id });
    expect(slip).toMatchObject({ grossFen: 1047777, deductionsFen: 0, netFen: 1047777 });
    expect((await failureOf(pay(workers.wang).payslip.get({ payslipId: mine[0]!.id }))).status).toBe(404);
  });

  it('an adjustment in the next run corrects a locked line, and both payslips show why; an award is paid once', async () => {
    const november = await pay(workers.li).payslip.get({ payslipId: (await pay(workers.li).payslip.mine())[0]!.id });
    const overtime = november.lines.find((l) => l.kind === 'overtime')!;
    await pay(hr1).inputs.addAdjustment({ correctsLineId: overtime.id, month: '2026-12', amountFen: -2778, reason: '11月加班多计 50 分钟' });
    const { runId: december } = await pay(hr1).run.create({ unitId: world.unit('桃园社区').id, month: '2026-12' });
    await pay(hr1).inputs.saveRatings({ month: '2026-12', ratings: Object.values(workers).map((w) => ({ workerId: w.userId, rating: 'B' as const })) });
    await pay(hr1).run.compute({ runId: december });
    const { lines } = await linesOf(december, hr1);
    expect(lines['李网格']).toEqual([['基本工资', 350000], ['绩效工资', 150000], ['通讯补贴', 10000], ['更正', -2778]]);
    const decSlip = (await pay(hr1).run.get({ runId: december })).payslips.find((p) => p.name === '李网格')!;
    const detail = await pay(hr1).payslip.get({ payslipId: decSlip.payslipId });
    expect(detail.lines.at(-1)).toMatchObject({ kind: 'adjustment', correctsLineId: overtime.id, explanation: '更正2026年11月 加班补贴：11月加班多计 50 分钟' });
    expect(decSlip.previousNetFen).toBe(1047777);
  });
});

describe('bad input', () => {
  it('negative or fractional money gets one clear message and nothing is saved', async () => {
    const before = await db().selectFrom('salaryStructure').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const fields = { unitId: world.unit('枫林社区').id, effectiveFrom: '2027-01-01', performanceBaseFen: 1, coefficients: { A: 1000, B: 1000, C: 1000, D: 1000 } };
    const negative = await failureOf(pay(hr1).structure.save({ ...fields, basePayFen: -1 }));
    const fraction = await failureOf(pay(hr1).structure.save({ ...fields, basePayFen: 3500.5 }));
    expect(negative.fields?.basePayFen).toBe('金额须为不小于 0 的整数（单位：分）');
    expect(fraction.fields?.basePayFen).toBe('金额须为不小于 0 的整数（单位：分）');
    expect(await db().selectFrom('salaryStructure').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('a worker of another district does not exist for HR; a second run for the same month is refused', async () => {
    const west = await makeUser(db(), 'hr', world.unit('城西区'));
    expect((await failureOf(pay(west).inputs.saveRatings({ month: '2027-01', ratings: [{ workerId: workers.li.userId, rating: 'A' }] }))).status).toBe(404);
    expect((await failureOf(pay(hr1).run.create({ unitId: world.unit('桃园社区').id, month: '2026-11' }))).code).toBe('PAY_RUN_EXISTS');
    // The district's run of the month would pay the street's workers twice.
    const { runId } = await pay(hr1).run.create({ unitId: world.unit('城东区').id, month: '2026-12' });
    expect((await failureOf(pay(hr1).run.compute({ runId }))).code).toBe('PAY_WORKER_IN_OTHER_RUN');
  });
});
