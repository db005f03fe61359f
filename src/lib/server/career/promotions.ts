import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { hrWorker } from '../pay/access';
import type { DecideInput, NominateInput } from './schema';

/** HR nominates a worker in scope for a position (usually one a rule makes them eligible for). */
export async function nominate(db: Db, actor: Actor, input: NominateInput, requestId?: string) {
  const worker = await hrWorker(db, actor, input.workerId);
  if (input.ruleId) {
    const rule = await db.selectFrom('promotionRule').select('id').where('id', '=', input.ruleId).executeTakeFirst();
    if (!rule) throw new DomainError('NOT_FOUND', undefined, { ruleId: 'error.NOT_FOUND' });
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('promotion')
      .values({ workerId: input.workerId, ruleId: input.ruleId ?? null, targetPosition: input.targetPosition, reason: input.reason, nominatedBy: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'career.promotion.nominate', targetType: 'promotion', targetId: row.id, orgUnitId: worker.gridId, detail: { targetPosition: input.targetPosition }, requestId });
    return { promotionId: row.id };
  });
}

/**
 * nominated → reviewed → approved | rejected, never by the nominator. An approval takes effect on
 * its date: the position history gains the entry then (future dates wait; the current position is
 * the latest entry started by today).
 */
export async function decide(db: Db, actor: Actor, input: DecideInput, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('promotion').selectAll().where('id', '=', input.promotionId).forUpdate().executeTakeFirst();
    if (!p) throw new DomainError('NOT_FOUND');
    const worker = await hrWorker(trx, actor, p.workerId);
    if (p.nominatedBy === actor.userId) throw new DomainError('PROMOTION_OWN_DECISION');
    const expected = input.decision === 'review' ? 'nominated' : 'reviewed';
    if (p.status !== expected) throw new DomainError('PROMOTION_STATE', { status: `career.promotion.${p.status}` });
    const now = new Date();
    if (input.decision === 'review') {
      await trx.updateTable('promotion').set({ status: 'reviewed', reviewedBy: actor.userId, reviewedAt: now }).where('id', '=', p.id).execute();
    } else {
      const approved = input.decision === 'approve';
      await trx
        .updateTable('promotion')
        .set({ status: approved ? 'approved' : 'rejected', decidedBy: actor.userId, decidedAt: now, decisionNote: input.note, effectiveOn: approved ? input.effectiveOn : null })
        .where('id', '=', p.id)
        .execute();
      if (approved) await trx.insertInto('positionHistory').values({ workerId: p.workerId, position: p.targetPosition, startedOn: input.effectiveOn, promotionId: p.id }).execute();
    }
    const status = input.decision === 'review' ? 'reviewed' : input.decision === 'approve' ? 'approved' : 'rejected';
    await audit(trx, { actorId: actor.userId, action: `career.promotion.${input.decision}`, targetType: 'promotion', targetId: p.id, orgUnitId: worker.gridId, detail: { targetPosition: p.targetPosition }, requestId });
    return { promotionId: p.id, status };
  });
}

/** A worker's promotions and position history (the record's own position first, from the hire date). */
export async function careerPath(db: Db, workerId: string) {
  const [worker, history, promotions] = await Promise.all([
    db.selectFrom('worker').select(['position', 'hireDate']).where('userId', '=', workerId).executeTakeFirstOrThrow(),
    db.selectFrom('positionHistory').select(['position', 'startedOn', 'promotionId']).where('workerId', '=', workerId).orderBy('startedOn').execute(),
    db.selectFrom('promotion').select(['id', 'targetPosition', 'status', 'reason', 'nominatedAt', 'decidedAt', 'effectiveOn', 'decisionNote']).where('workerId', '=', workerId).orderBy('nominatedAt', 'desc').execute()
  ]);
  const positions = [{ position: worker.position, startedOn: worker.hireDate, promotionId: null }, ...history];
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const current = [...positions].reverse().find((p) => p.startedOn <= today)!.position;
  return { current, positions, promotions };
}
