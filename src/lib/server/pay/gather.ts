import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import type { Rating } from '../db/tables/pay';
import type { StructureRule, WorkerMonth } from './compute';
import { lastDay } from './inputs';
import { structuresFor } from './structures';

interface RunRef {
  id: string;
  month: string;
  unitPath: string;
}

/** Five names and "等 N 人": enough for HR to find them, short enough for one message. */
function someNames(names: string[]): string {
  return names.length <= 5 ? names.join('、') : `${names.slice(0, 5).join('、')} 等 ${names.length} 人`;
}

const byWorker = <T extends { workerId: string }>(rows: T[]) => {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(r.workerId, [...(map.get(r.workerId) ?? []), r]);
  return map;
};

/**
 * Everything a run's month depends on, read in a few set queries (a run may hold thousands of
 * workers): who was employed under the unit, their structure, rating, overtime, certificates,
 * unpaid awards, adjustments and deductions. Refuses, naming people, when an input is missing or a
 * worker is already in another run of the month.
 */
export async function gatherMonth(db: Db, run: RunRef) {
  const month = run.month;
  const last = lastDay(month);
  const workers = await db
    .selectFrom('worker as w')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('appUser as u', 'u.id', 'w.userId')
    .select(['w.userId as workerId', 'w.hireDate', 'w.leaveDate', 'g.path as gridPath', 'u.name'])
    .where('g.path', 'like', `${run.unitPath}%`)
    .where('w.hireDate', '<=', last)
    .where((eb) => eb.or([eb('w.leaveDate', 'is', null), eb('w.leaveDate', '>=', month)]))
    .orderBy('g.path')
    .orderBy('u.name')
    .execute();
  if (!workers.length) return { workers: [] };
  const ids = workers.map((w) => w.workerId);

  const elsewhere = await db
    .selectFrom('payslip as p').innerJoin('appUser as u', 'u.id', 'p.workerId').select('u.name')
    .where('p.month', '=', month).where('p.runId', '<>', run.id).where('p.workerId', 'in', ids).execute();
  if (elsewhere.length) throw new DomainError('PAY_WORKER_IN_OTHER_RUN', { names: someNames(elsewhere.map((e) => e.name)) });

  const [ratings, overtime, certificates, awards, adjustments, deductions, rules] = await Promise.all([
    db.selectFrom('performanceRating').select(['workerId', 'rating']).where('month', '=', month).where('workerId', 'in', ids).execute(),
    db.selectFrom('overtimeApproval').select(['workerId', (eb) => eb.fn.sum<number>('minutes').as('minutes')]).where('month', '=', month).where('workerId', 'in', ids).groupBy('workerId').execute(),
    db.selectFrom('workerCertificate').select(['workerId', 'typeCode']).where('workerId', 'in', ids).where('verifiedAt', 'is not', null)
      .where('issuedOn', '<=', last).where((eb) => eb.or([eb('expiresOn', 'is', null), eb('expiresOn', '>=', month)])).execute(),
    // An award is paid once: not if a line of another run (draft or not) already carries it.
    db.selectFrom('award as a').select(['a.id', 'a.workerId', 'a.title', 'a.amountFen']).where('a.workerId', 'in', ids).where('a.awardedOn', '<=', last)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('payrollLine as l').select('l.id').whereRef('l.awardId', '=', 'a.id').where('l.runId', '<>', run.id))))
      .orderBy('a.awardedOn').orderBy('a.id').execute(),
    db.selectFrom('payAdjustment as j').innerJoin('payrollLine as l', 'l.id', 'j.correctsLineId').innerJoin('payslip as p', 'p.id', 'l.payslipId')
      .select(['j.id', 'j.workerId', 'j.correctsLineId', 'j.amountFen', 'j.reason', 'l.label', 'p.month'])
      .where('j.month', '=', month).where('j.workerId', 'in', ids).orderBy('j.createdAt').execute(),
    db.selectFrom('deduction').select(['id', 'workerId', 'kind', 'amountFen', 'note']).where('month', '=', month).where('workerId', 'in', ids).orderBy('kind').orderBy('createdAt').execute(),
    structuresFor(db, [...new Set(workers.map((w) => w.gridPath))], month)
  ]);

  const ratingOf = new Map(ratings.map((r) => [r.workerId, r.rating as Rating]));
  const noRating = workers.filter((w) => !ratingOf.has(w.workerId)).map((w) => w.name);
  const noRule = workers.filter((w) => !rules.has(w.gridPath)).map((w) => w.name);
  if (noRule.length) throw new DomainError('PAY_MISSING_INPUTS', { names: someNames(noRule), what: 'pay.missing.structure' });
  if (noRating.length) throw new DomainError('PAY_MISSING_INPUTS', { names: someNames(noRating), what: 'pay.missing.rating' });

  const minutesOf = new Map(overtime.map((o) => [o.workerId, Number(o.minutes)]));
  const [certs, awardsOf, adjustmentsOf, deductionsOf] = [byWorker(certificates), byWorker(awards), byWorker(adjustments), byWorker(deductions)];
  return {
    workers: workers.map((w) => {
      const inputs: WorkerMonth = {
        hireDate: w.hireDate,
        leaveDate: w.leaveDate,
        rating: ratingOf.get(w.workerId)!,
        overtimeMinutes: minutesOf.get(w.workerId) ?? 0,
        certificateTypes: (certs.get(w.workerId) ?? []).map((c) => c.typeCode),
        awards: awardsOf.get(w.workerId) ?? [],
        adjustments: (adjustmentsOf.get(w.workerId) ?? []).map((j) => ({
          id: j.id, correctsLineId: j.correctsLineId, amountFen: j.amountFen, reason: j.reason,
          corrected: `${Number(j.month.slice(0, 4))}年${Number(j.month.slice(5, 7))}月 ${j.label}`
        })),
        deductions: deductionsOf.get(w.workerId) ?? []
      };
      return { workerId: w.workerId, rule: rules.get(w.gridPath) as StructureRule, inputs };
    })
  };
}
