import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { covers, pathWithin, scopePaths } from '../org/scope';
import type { RunStatus } from '../db/tables/pay';
import { hrUnit } from './access';
import { gatherMonth } from './gather';
import { payslipLines } from './compute';
import { notifyPaid } from './notify';

/** Rows per INSERT: large runs go in a few statements, well under the parameter limit. */
const BATCH = 1000;

export async function createRun(db: Db, actor: Actor, unitId: string, month: string, requestId?: string) {
  const unit = await hrUnit(db, actor, unitId);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('payrollRun').values({ orgUnitId: unit.id, month, createdBy: actor.userId }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, { actorId: actor.userId, action: 'pay.run.create', targetType: 'payroll_run', targetId: row.id, orgUnitId: unit.id, detail: { month }, requestId });
      return { runId: row.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('PAY_RUN_EXISTS');
    throw err;
  }
}

/** The run for an HR user over its unit; locked FOR UPDATE when it is about to change. */
export async function hrRun(db: Db, actor: Actor, runId: string, lock = false) {
  let q = db
    .selectFrom('payrollRun as r')
    .innerJoin('orgUnit as o', 'o.id', 'r.orgUnitId')
    .selectAll('r')
    .select(['o.path as unitPath', 'o.name as unitName'])
    .where('r.id', '=', runId);
  if (lock) q = q.forUpdate('r');
  const run = await q.executeTakeFirst();
  if (!run || !covers(actor, ['hr'], run.unitPath)) throw new DomainError('NOT_FOUND');
  return run;
}

function assertStatus(run: { status: RunStatus }, expected: RunStatus) {
  if (run.status !== expected) throw new DomainError('PAY_RUN_STATE', { status: `pay.status.${run.status}` });
}

/** Computes (or recomputes) a draft from the rules and the month's inputs; every line says where it came from. */
export async function computeRun(db: Db, actor: Actor, runId: string, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const run = await hrRun(trx, actor, runId, true);
    assertStatus(run, 'draft');
    const month = await gatherMonth(trx, run);
    await trx.deleteFrom('payslip').where('runId', '=', run.id).execute();
    const slips: { id: string; workerId: string }[] = [];
    for (let i = 0; i < month.workers.length; i += BATCH) {
      const part = month.workers.slice(i, i + BATCH).map((w) => ({ runId: run.id, workerId: w.workerId, month: run.month }));
      slips.push(...(await trx.insertInto('payslip').values(part).returning(['id', 'workerId']).execute()));
    }
    const slipOf = new Map(slips.map((s) => [s.workerId, s.id]));
    const lines = month.workers.flatMap((w) =>
      payslipLines(w.rule, w.inputs, run.month).map((l, position) => ({
        payslipId: slipOf.get(w.workerId)!, runId: run.id, position, kind: l.kind, label: l.label, amountFen: l.amountFen, explanation: l.explanation,
        awardId: l.awardId ?? null, deductionId: l.deductionId ?? null, adjustmentId: l.adjustmentId ?? null, correctsLineId: l.correctsLineId ?? null
      }))
    );
    for (let i = 0; i < lines.length; i += BATCH) await trx.insertInto('payrollLine').values(lines.slice(i, i + BATCH)).execute();
    await trx.updateTable('payrollRun').set({ computedAt: new Date() }).where('id', '=', run.id).execute();
    await audit(trx, { actorId: actor.userId, action: 'pay.run.compute', targetType: 'payroll_run', targetId: run.id, orgUnitId: run.orgUnitId, detail: { payslips: slips.length, lines: lines.length }, requestId });
    return { runId: run.id, payslips: slips.length, lines: lines.length };
  });
}

/** One step of draft → reviewed → approved → locked → paid, by an HR user over the run's unit. */
async function advance(db: Db, actor: Actor, runId: string, from: RunStatus, to: RunStatus, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const run = await hrRun(trx, actor, runId, true);
    assertStatus(run, from);
    const now = new Date();
    const who = actor.userId;
    if (to === 'reviewed' && !run.computedAt) throw new DomainError('PAY_RUN_STATE', { status: `pay.status.${run.status}` });
    if (to === 'approved' && (run.createdBy === who || run.reviewedBy === who)) throw new DomainError('PAY_FOUR_EYES');
    const stamp = {
      reviewed: { reviewedBy: who, reviewedAt: now },
      approved: { approvedBy: who, approvedAt: now },
      locked: { lockedBy: who, lockedAt: now },
      paid: { paidBy: who, paidAt: now },
      draft: {}
    }[to];
    await trx.updateTable('payrollRun').set({ status: to, ...stamp }).where('id', '=', run.id).execute();
    if (to === 'paid') await notifyPaid(trx, run.id, run.month);
    await audit(trx, { actorId: who, action: `pay.run.${to}`, targetType: 'payroll_run', targetId: run.id, orgUnitId: run.orgUnitId, detail: { month: run.month }, requestId });
    return { runId: run.id, status: to };
  });
}

export const reviewRun = (db: Db, actor: Actor, runId: string, requestId?: string) => advance(db, actor, runId, 'draft', 'reviewed', requestId);
export const approveRun = (db: Db, actor: Actor, runId: string, requestId?: string) => advance(db, actor, runId, 'reviewed', 'approved', requestId);
export const lockRun = (db: Db, actor: Actor, runId: string, requestId?: string) => advance(db, actor, runId, 'approved', 'locked', requestId);
export const markPaid = (db: Db, actor: Actor, runId: string, requestId?: string) => advance(db, actor, runId, 'locked', 'paid', requestId);
/** A reviewed run whose inputs changed goes back to draft to be recomputed. */
export const reopenRun = (db: Db, actor: Actor, runId: string, requestId?: string) => advance(db, actor, runId, 'reviewed', 'draft', requestId);

/** Runs of the HR user's units, newest month first. */
export function listRuns(db: Db, actor: Actor) {
  return db
    .selectFrom('payrollRun as r')
    .innerJoin('orgUnit as o', 'o.id', 'r.orgUnitId')
    .select(['r.id', 'r.month', 'r.status', 'r.computedAt', 'o.name as unitName', 'o.id as unitId',
      (eb) => eb.selectFrom('payslip as p').select(sql<number>`count(*)`.as('n')).whereRef('p.runId', '=', 'r.id').as('payslips')])
    .where((eb) => pathWithin(eb, 'o.path', scopePaths(actor, ['hr'])))
    .orderBy('r.month', 'desc')
    .orderBy('o.name')
    .limit(200)
    .execute();
}

/** Totals per payslip as sums of lines. */
function payslipTotals(db: Db) {
  return db
    .selectFrom('payrollLine as l')
    .select([
      'l.payslipId',
      sql<number>`coalesce(sum(l.amount_fen) filter (where l.kind <> 'deduction'), 0)`.as('grossFen'),
      sql<number>`coalesce(-sum(l.amount_fen) filter (where l.kind = 'deduction'), 0)`.as('deductionsFen'),
      sql<number>`sum(l.amount_fen)`.as('netFen')
    ])
    .groupBy('l.payslipId');
}

/** The run screen: state, who did what, each worker's totals and the change against their previous month. */
export async function getRun(db: Db, actor: Actor, runId: string) {
  const run = await hrRun(db, actor, runId);
  const previousMonth = sql<string>`(${run.month}::date - interval '1 month')::date`;
  const rows = await db
    .selectFrom('payslip as p')
    .innerJoin('appUser as u', 'u.id', 'p.workerId')
    .innerJoin('worker as w', 'w.userId', 'p.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin(payslipTotals(db).as('t'), 't.payslipId', 'p.id')
    .leftJoin('payslip as prev', (j) => j.onRef('prev.workerId', '=', 'p.workerId').on('prev.month', '=', previousMonth))
    .leftJoin(payslipTotals(db).as('pt'), 'pt.payslipId', 'prev.id')
    .select(['p.id as payslipId', 'p.workerId', 'u.name', 'g.name as gridName', 't.grossFen', 't.deductionsFen', 't.netFen', 'pt.netFen as previousNetFen'])
    .where('p.runId', '=', run.id)
    .orderBy('g.name')
    .orderBy('u.name')
    .execute();
  const sum = (k: 'grossFen' | 'deductionsFen' | 'netFen') => rows.reduce((s, r) => s + Number(r[k]), 0);
  const { unitPath: _p, ...visible } = run;
  return {
    ...visible,
    payslips: rows.map((r) => ({ ...r, grossFen: Number(r.grossFen), deductionsFen: Number(r.deductionsFen), netFen: Number(r.netFen), previousNetFen: r.previousNetFen === null ? null : Number(r.previousNetFen) })),
    totals: { grossFen: sum('grossFen'), deductionsFen: sum('deductionsFen'), netFen: sum('netFen') }
  };
}
