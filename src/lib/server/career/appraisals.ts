import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { translate } from '$lib/i18n';
import { hrWorker } from '../pay/access';
import type { AppraisalInput } from './schema';

export const DEFAULT_EXCELLENT_QUOTA = 20;
const shanghaiYear = () => Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));

/**
 * Records a worker's appraisal for a year (once; a year still to come is refused). Past the quota of
 * 优秀 the answer carries a warning, not a refusal; an 优秀 offers the award for the pay runs.
 */
export async function saveAppraisal(db: Db, actor: Actor, input: AppraisalInput, requestId?: string) {
  const worker = await hrWorker(db, actor, input.workerId);
  if (input.year > shanghaiYear()) throw new DomainError('APPRAISAL_FUTURE', undefined, { year: 'error.APPRAISAL_FUTURE' });
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('appraisal').values({ ...input, enteredBy: actor.userId }).execute();
      await audit(trx, { actorId: actor.userId, action: 'career.appraisal.save', targetType: 'worker', targetId: input.workerId, orgUnitId: worker.gridId, detail: { year: input.year }, requestId });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('APPRAISAL_EXISTS', { year: input.year }, { year: 'error.APPRAISAL_EXISTS' });
    throw err;
  }
  return { warning: input.result === 'excellent' ? await quotaWarning(db, worker.gridPath, input.year, actor.locale) : null, offerAward: input.result === 'excellent' };
}

/**
 * The quota is kept by the nearest unit above the grid that sets one, else the worker's street at
 * 20%; the share counts the appraisals of that year under that unit.
 */
export async function quotaWarning(db: Db, gridPath: string, year: number, locale: Actor['locale']): Promise<string | null> {
  const ids = gridPath.split('/').filter(Boolean);
  const units = await db
    .selectFrom('orgUnit as o')
    .leftJoin('appraisalQuota as q', 'q.orgUnitId', 'o.id')
    .select(['o.id', 'o.name', 'o.path', 'o.level', 'q.excellentPercent'])
    .where('o.id', 'in', ids)
    .execute();
  const ordered = ids.map((id) => units.find((u) => u.id === id)!).reverse();
  const unit = ordered.find((u) => u.excellentPercent !== null) ?? ordered.find((u) => u.level === 'street') ?? ordered[0]!;
  const quota = unit.excellentPercent ?? DEFAULT_EXCELLENT_QUOTA;
  const counts = await db
    .selectFrom('appraisal as a')
    .innerJoin('worker as w', 'w.userId', 'a.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .select([sql<number>`count(*)`.as('total'), sql<number>`count(*) filter (where a.result = 'excellent')`.as('excellent')])
    .where('a.year', '=', year)
    .where('g.path', 'like', `${unit.path}%`)
    .executeTakeFirstOrThrow();
  const total = Number(counts.total);
  const excellent = Number(counts.excellent);
  // Integer arithmetic: excellent / total > quota / 100.
  if (total === 0 || excellent * 100 <= quota * total) return null;
  return translate(locale, 'career.quotaWarning', { unit: unit.name, year, excellent, percent: Math.round((excellent * 100) / total), quota });
}

/** A worker's appraisals, newest year first. */
export function appraisalsOf(db: Db, workerId: string) {
  return db.selectFrom('appraisal').select(['year', 'result', 'comment', 'enteredAt']).where('workerId', '=', workerId).orderBy('year', 'desc').execute();
}
