import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError } from '../../domain-error';
import { scopePaths } from '../../org/scope';
import { canManage, canSee, canSignUp, isVisible, MANAGERS } from '../policy';
import { calloutWithGrid, calloutsWithin, findCallout } from '../queries';
import type { ListCalloutsInput } from '../schema';
import { latestEntries } from './hours';

/**
 * One callout as its viewer may see it, with the viewer's own sign-up and waitlist place, and the
 * filed result once it is completed (反馈, source 3.3: everyone who can see the callout may read it).
 */
export async function getCallout(db: Db, actor: Actor, calloutId: string) {
  const callout = await calloutWithGrid(db).select('c.result').where('c.id', '=', calloutId).executeTakeFirst();
  if (!callout || !isVisible(actor, callout)) throw new DomainError('NOT_FOUND');
  const manages = canManage(actor, callout.gridPath);
  const mine = await db
    .selectFrom('signup')
    .select(['id', 'status', 'seq', 'cancelledLate'])
    .where('calloutId', '=', callout.id)
    .where('volunteerId', '=', actor.userId)
    .where('status', '<>', 'cancelled')
    .executeTakeFirst();
  const waitlistPosition = mine?.status === 'waitlisted'
    ? Number((await db.selectFrom('signup').select(sql<number>`count(*)`.as('n')).where('calloutId', '=', callout.id).where('status', '=', 'waitlisted').where('seq', '<=', mine.seq).executeTakeFirstOrThrow()).n)
    : null;
  const waitlisted = await db.selectFrom('signup').select(sql<number>`count(*)`.as('n')).where('calloutId', '=', callout.id).where('status', '=', 'waitlisted').executeTakeFirstOrThrow();
  const { gridPath: _path, createdBy: _by, ...visible } = callout;
  return {
    ...visible,
    waitlisted: waitlisted.n,
    mySignup: mine ? { status: mine.status, waitlistPosition } : null,
    canManage: manages,
    canSignUp: canSignUp(actor, callout.gridPath)
  };
}

/**
 * reach: open callouts a volunteer can join; managed: what a grid worker or admin runs;
 * mine: callouts the viewer signed up for.
 */
export async function listCallouts(db: Db, actor: Actor, input: ListCalloutsInput) {
  const paths = scopePaths(actor, input.scope === 'managed' ? MANAGERS : ['volunteer', ...MANAGERS, 'hr']);
  let q = calloutsWithin(db, paths);
  if (input.scope === 'reach') q = q.where('c.status', 'in', ['open', 'full', 'in_progress']);
  if (input.scope === 'mine') {
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('signup as s').select('s.id').whereRef('s.calloutId', '=', 'c.id').where('s.volunteerId', '=', actor.userId).where('s.status', '<>', 'cancelled'))
    );
  }
  if (input.category) q = q.where('c.category', '=', input.category);
  if (!input.includePast) q = q.where('c.endsAt', '>', sql<Date>`now()`);
  // Past included: the newest first, so what is coming never drops off the end of the page.
  if (input.includePast) q = q.clearOrderBy().orderBy('c.startsAt', 'desc').orderBy('c.id');
  return q
    .leftJoin('signup as mine', (j) => j.onRef('mine.calloutId', '=', 'c.id').on('mine.volunteerId', '=', actor.userId).on('mine.status', '<>', 'cancelled'))
    .select(['mine.status as myStatus'])
    .limit(input.limit)
    .offset(input.offset)
    .execute();
}

/**
 * Every sign-up in arrival order, for the people who run the callout: its status, when the volunteer
 * came and went, and their hours — `current` is the newest ledger entry, `recorded` what check-out wrote.
 */
export async function roster(db: Db, actor: Actor, calloutId: string) {
  const callout = await findCallout(db, calloutId);
  if (!callout || !canSee(actor, callout.gridPath)) throw new DomainError('NOT_FOUND');
  if (!canManage(actor, callout.gridPath)) throw new DomainError('FORBIDDEN');
  const rows = await db
    .selectFrom('signup as s')
    .innerJoin('appUser as u', 'u.id', 's.volunteerId')
    .leftJoin(latestEntries(db).where('calloutId', '=', callout.id).as('h'), 'h.signupId', 's.id')
    .select([
      's.id', 's.status', 's.createdAt', 's.promotedAt', 's.cancelledAt', 's.cancelledLate', 'u.name', 'u.phone',
      's.checkedInAt', 's.checkedOutAt', 's.checkinMethod', 's.checkinReason', 's.noShow',
      'h.minutes', 'h.kind', 'h.reason'
    ])
    .select((eb) =>
      eb.selectFrom('hoursEntry as r').select('r.minutes').whereRef('r.signupId', '=', 's.id').where('r.kind', '=', 'recorded').orderBy('r.seq', 'desc').limit(1).as('recorded')
    )
    .where('s.calloutId', '=', callout.id)
    .orderBy('s.seq')
    .execute();
  return rows.map(({ minutes, kind, reason, ...row }) => ({
    ...row,
    current: minutes !== null && kind !== null ? { minutes, kind, reason } : null
  }));
}
