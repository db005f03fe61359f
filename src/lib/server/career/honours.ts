import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { unitById } from '../org/queries';
import { hrWorker } from '../pay/access';
import type { HonourInput } from './schema';

export async function awardHonour(db: Db, actor: Actor, input: HonourInput, requestId?: string) {
  const worker = await hrWorker(db, actor, input.workerId);
  const type = await db.selectFrom('honourType').select('code').where('code', '=', input.typeCode).executeTakeFirst();
  if (!type) throw new DomainError('VALIDATION', undefined, { typeCode: 'validation.choice' });
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('honour').values({ ...input, awardedBy: actor.userId }).returning('id').executeTakeFirstOrThrow();
      await audit(trx, { actorId: actor.userId, action: 'career.honour.award', targetType: 'honour', targetId: row.id, orgUnitId: worker.gridId, detail: { typeCode: input.typeCode, year: input.year }, requestId });
      return { honourId: row.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('HONOUR_EXISTS', { year: input.year });
    throw err;
  }
}

/**
 * The public 光荣榜 of a unit: names, honours and citations, nothing private (no phone, no grid
 * path, no ids of people). Anyone may read it.
 */
export async function honourRoll(db: Db, unitId: string, year?: number) {
  const unit = await unitById(db, unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  let q = db
    .selectFrom('honour as h')
    .innerJoin('honourType as t', 't.code', 'h.typeCode')
    .innerJoin('worker as w', 'w.userId', 'h.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('appUser as u', 'u.id', 'h.workerId')
    .select(['h.id', 'h.year', 't.name as honour', 'h.citation', 'u.name', 'g.name as gridName'])
    .where('g.path', 'like', `${unit.path}%`);
  if (year) q = q.where('h.year', '=', year);
  const honours = await q.orderBy('h.year', 'desc').orderBy('t.name').orderBy('u.name').limit(500).execute();
  return { unit: { id: unit.id, name: unit.name }, honours };
}

/** A worker's own honours. */
export function honoursOf(db: Db, workerId: string) {
  return db.selectFrom('honour as h').innerJoin('honourType as t', 't.code', 'h.typeCode').select(['h.year', 't.name as honour', 'h.citation']).where('h.workerId', '=', workerId).orderBy('h.year', 'desc').execute();
}
