import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { covers } from '../org/scope';
import { assertMonthOpen, hrUnit, hrWorker } from './access';
import type { AdjustmentInput, AwardInput, DeductionInput, OvertimeInput, RatingsInput } from './schema';

/** The month's ratings for many workers at once (the inputs grid); each must be in scope and open. */
export async function saveRatings(db: Db, actor: Actor, input: RatingsInput, requestId?: string) {
  const ids = [...new Set(input.ratings.map((r) => r.workerId))];
  // One read for all: every worker must be in the HR user's units, and none of their months locked.
  const found = await db.selectFrom('worker as w').innerJoin('orgUnit as g', 'g.id', 'w.gridId').select(['w.userId', 'g.path']).where('w.userId', 'in', ids).execute();
  if (found.length !== ids.length || found.some((w) => !covers(actor, ['hr'], w.path))) throw new DomainError('NOT_FOUND');
  const locked = await db
    .selectFrom('payslip as p').innerJoin('payrollRun as r', 'r.id', 'p.runId').select('p.workerId')
    .where('p.month', '=', input.month).where('p.workerId', 'in', ids).where('r.status', 'in', ['locked', 'paid'])
    .executeTakeFirst();
  if (locked) throw new DomainError('PAY_MONTH_LOCKED', { month: input.month.slice(0, 7) });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('performanceRating')
      .values(input.ratings.map((r) => ({ workerId: r.workerId, month: input.month, rating: r.rating, enteredBy: actor.userId })))
      .onConflict((oc) => oc.columns(['workerId', 'month']).doUpdateSet((eb) => ({ rating: eb.ref('excluded.rating'), enteredBy: actor.userId, enteredAt: new Date() })))
      .execute();
    await audit(trx, { actorId: actor.userId, action: 'pay.ratings.save', targetType: 'performance_rating', detail: { month: input.month, count: input.ratings.length }, requestId });
  });
  return { saved: input.ratings.length };
}

export async function addOvertime(db: Db, actor: Actor, input: OvertimeInput) {
  await hrWorker(db, actor, input.workerId);
  await assertMonthOpen(db, input.workerId, input.month);
  return db.insertInto('overtimeApproval').values({ ...input, approvedBy: actor.userId }).returning('id').executeTakeFirstOrThrow();
}

export async function addDeduction(db: Db, actor: Actor, input: DeductionInput) {
  await hrWorker(db, actor, input.workerId);
  await assertMonthOpen(db, input.workerId, input.month);
  return db.insertInto('deduction').values({ ...input, enteredBy: actor.userId }).returning('id').executeTakeFirstOrThrow();
}

/** A one-off award; the next run that includes the worker pays it as its own line. */
export async function addAward(db: Db, actor: Actor, input: AwardInput, requestId?: string) {
  const worker = await hrWorker(db, actor, input.workerId);
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('award').values({ ...input, createdBy: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'pay.award.add', targetType: 'award', targetId: row.id, orgUnitId: worker.gridId, requestId });
    return { awardId: row.id };
  });
}

/** Corrects a line of a locked run through an adjustment in a later month's run. */
export async function addAdjustment(db: Db, actor: Actor, input: AdjustmentInput, requestId?: string) {
  const line = await db
    .selectFrom('payrollLine as l')
    .innerJoin('payslip as p', 'p.id', 'l.payslipId')
    .innerJoin('payrollRun as r', 'r.id', 'l.runId')
    .select(['l.id', 'p.workerId', 'p.month', 'r.status'])
    .where('l.id', '=', input.correctsLineId)
    .executeTakeFirst();
  if (!line) throw new DomainError('NOT_FOUND');
  const worker = await hrWorker(db, actor, line.workerId);
  // A line still in a draft is fixed by recomputing; only locked pay is corrected this way.
  if (line.status !== 'locked' && line.status !== 'paid') throw new DomainError('PAY_RUN_STATE', { status: `pay.status.${line.status}` });
  if (input.month <= line.month) throw new DomainError('PAY_MONTH_LOCKED', { month: line.month.slice(0, 7) }, { month: 'error.PAY_MONTH_LOCKED' });
  await assertMonthOpen(db, line.workerId, input.month);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('payAdjustment')
      .values({ workerId: line.workerId, month: input.month, correctsLineId: line.id, amountFen: input.amountFen, reason: input.reason, createdBy: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'pay.adjustment.add', targetType: 'payroll_line', targetId: line.id, orgUnitId: worker.gridId, detail: { month: input.month }, requestId });
    return { adjustmentId: row.id };
  });
}

/** The inputs grid: each worker of the unit employed in the month with their rating, overtime and deductions. */
export async function monthInputs(db: Db, actor: Actor, unitId: string, month: string) {
  const unit = await hrUnit(db, actor, unitId);
  const workers = await db
    .selectFrom('worker as w')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('appUser as u', 'u.id', 'w.userId')
    .leftJoin('performanceRating as r', (j) => j.onRef('r.workerId', '=', 'w.userId').on('r.month', '=', month))
    .select(['w.userId as workerId', 'u.name', 'g.name as gridName', 'g.path as gridPath', 'r.rating'])
    .where('g.path', 'like', `${unit.path}%`)
    .where('w.hireDate', '<=', lastDay(month))
    .where((eb) => eb.or([eb('w.leaveDate', 'is', null), eb('w.leaveDate', '>=', month)]))
    .orderBy('g.path')
    .orderBy('u.name')
    .execute();
  const ids = workers.map((w) => w.workerId);
  const [overtime, deductions] = ids.length
    ? await Promise.all([
      db.selectFrom('overtimeApproval').select(['workerId', (eb) => eb.fn.sum<number>('minutes').as('minutes')]).where('month', '=', month).where('workerId', 'in', ids).groupBy('workerId').execute(),
      db.selectFrom('deduction').select(['workerId', (eb) => eb.fn.sum<number>('amountFen').as('amountFen')]).where('month', '=', month).where('workerId', 'in', ids).groupBy('workerId').execute()
    ])
    : [[], []];
  return workers
    .filter((w) => covers(actor, ['hr'], w.gridPath))
    .map(({ gridPath: _p, ...w }) => ({
      ...w,
      overtimeMinutes: Number(overtime.find((o) => o.workerId === w.workerId)?.minutes ?? 0),
      deductionsFen: Number(deductions.find((d) => d.workerId === w.workerId)?.amountFen ?? 0)
    }));
}

export function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
