import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { unitById } from '../org/queries';
import { assertCovers, covers } from '../org/scope';

/** A unit whose pay the HR user keeps. */
export async function hrUnit(db: Db, actor: Actor, unitId: string) {
  const unit = await unitById(db, unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['hr'], unit.path);
  return unit;
}

/** A worker of the HR user's units; anyone else's does not exist for them. */
export async function hrWorker(db: Db, actor: Actor, workerId: string) {
  const worker = await db
    .selectFrom('worker as w')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('appUser as u', 'u.id', 'w.userId')
    .select(['w.userId', 'w.gridId', 'w.hireDate', 'w.leaveDate', 'g.path as gridPath', 'u.name'])
    .where('w.userId', '=', workerId)
    .executeTakeFirst();
  if (!worker || !covers(actor, ['hr'], worker.gridPath)) throw new DomainError('NOT_FOUND');
  return worker;
}

/** Inputs of a month whose pay is locked for the worker cannot change any more. */
export async function assertMonthOpen(db: Db, workerId: string, month: string): Promise<void> {
  const locked = await db
    .selectFrom('payslip as p')
    .innerJoin('payrollRun as r', 'r.id', 'p.runId')
    .select('r.id')
    .where('p.workerId', '=', workerId)
    .where('p.month', '=', month)
    .where('r.status', 'in', ['locked', 'paid'])
    .executeTakeFirst();
  if (locked) throw new DomainError('PAY_MONTH_LOCKED', { month: month.slice(0, 7) });
}
