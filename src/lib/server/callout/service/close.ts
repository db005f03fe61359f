import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError, isUniqueViolation } from '../../domain-error';
import { audit } from '../../audit/audit';
import { managedCallout } from './manage';
import { isVisible } from '../policy';
import { calloutWithGrid } from '../queries';
import type { RateInput } from '../schema';

/** 处置—反馈: the grid worker files the result and completes the callout, once it has started. */
export async function completeCallout(db: Db, actor: Actor, input: { calloutId: string; result: string }, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const callout = await managedCallout(trx, actor, input.calloutId, true);
    if (callout.status === 'completed' || callout.status === 'cancelled' || callout.status === 'draft') throw new DomainError('CALLOUT_NOT_EDITABLE');
    if (callout.startsAt.getTime() > Date.now()) throw new DomainError('CALLOUT_NOT_OPEN');
    await trx.updateTable('callout').set({ status: 'completed', result: input.result, completedAt: sql`now()`, updatedAt: sql`now()` }).where('id', '=', callout.id).execute();
    await audit(trx, { actorId: actor.userId, action: 'callout.complete', targetType: 'callout', targetId: callout.id, orgUnitId: callout.gridId, requestId });
    return { status: 'completed' as const };
  });
}

/** 评价: a volunteer who took part rates a completed callout once, 1–5. */
export async function rateCallout(db: Db, actor: Actor, input: RateInput) {
  const row = await calloutWithGrid(db)
    .leftJoin('signup as s', (join) => join.onRef('s.calloutId', '=', 'c.id').on('s.volunteerId', '=', actor.userId).on('s.status', '=', 'confirmed'))
    .select('s.checkedInAt')
    .where('c.id', '=', input.calloutId)
    .executeTakeFirst();
  if (!row || !isVisible(actor, row)) throw new DomainError('NOT_FOUND');
  if (!row.checkedInAt) throw new DomainError('NOT_ATTENDED');
  if (row.status !== 'completed') throw new DomainError('CALLOUT_NOT_COMPLETED');
  try {
    await db.insertInto('calloutRating').values({ calloutId: input.calloutId, volunteerId: actor.userId, stars: input.stars, comment: input.comment ?? null }).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('ALREADY_RATED');
    throw err;
  }
  return { stars: input.stars };
}
