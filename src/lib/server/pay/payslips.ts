import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { covers } from '../org/scope';
import { totals } from './compute';

/** A worker sees a payslip once its run is locked: before that the figures may still change. */
const FINAL = ['locked', 'paid'] as const;

/** The worker's own payslips, newest month first, with totals as sums of their lines. */
export async function myPayslips(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('payslip as p')
    .innerJoin('payrollRun as r', 'r.id', 'p.runId')
    .innerJoin('payrollLine as l', 'l.payslipId', 'p.id')
    .select([
      'p.id', 'p.month', 'r.status', 'r.paidAt',
      sql<number>`coalesce(sum(l.amount_fen) filter (where l.kind <> 'deduction'), 0)`.as('grossFen'),
      sql<number>`sum(l.amount_fen)`.as('netFen')
    ])
    .where('p.workerId', '=', actor.userId)
    .where('r.status', 'in', FINAL)
    .groupBy(['p.id', 'p.month', 'r.status', 'r.paidAt'])
    .orderBy('p.month', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, grossFen: Number(r.grossFen), netFen: Number(r.netFen) }));
}

/** One itemised payslip: its owner (once final) or HR over the worker's grid. */
export async function getPayslip(db: Db, actor: Actor, payslipId: string) {
  const slip = await db
    .selectFrom('payslip as p')
    .innerJoin('payrollRun as r', 'r.id', 'p.runId')
    .innerJoin('worker as w', 'w.userId', 'p.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('appUser as u', 'u.id', 'p.workerId')
    .select(['p.id', 'p.month', 'p.workerId', 'r.status', 'r.paidAt', 'u.name', 'w.position', 'w.bankLast4', 'g.name as gridName', 'g.path as gridPath'])
    .where('p.id', '=', payslipId)
    .executeTakeFirst();
  const own = slip?.workerId === actor.userId && (FINAL as readonly string[]).includes(slip.status);
  if (!slip || !(own || covers(actor, ['hr'], slip.gridPath))) throw new DomainError('NOT_FOUND');
  const lines = await db
    .selectFrom('payrollLine')
    .select(['id', 'kind', 'label', 'amountFen', 'explanation', 'correctsLineId'])
    .where('payslipId', '=', slip.id)
    .orderBy('position')
    .execute();
  const { gridPath: _p, ...visible } = slip;
  return { ...visible, lines, ...totals(lines) };
}
