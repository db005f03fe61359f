import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError } from '../../domain-error';
import { audit } from '../../audit/audit';
import { unitById } from '../../org/queries';
import { assertNotOnNegativeList } from '../negative-list';
import { announceCallout } from '../notify';
import { enqueueMail } from '../../mail/outbox';
import { formatDateTime, translate } from '$lib/i18n';
import { canManage, canSee } from '../policy';
import { findCallout, lockCallout } from '../queries';
import type { CalloutFields } from '../schema';
import { assertStartNotPast, startHasPassed } from '../../start-time';

const HOUR = 3600_000;

/** Default deadlines: sign-up until the start, free cancelling until 2 hours before it. A new or edited draft starts now or later. */
function deadlines(input: CalloutFields) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertStartNotPast(startsAt);
  const signupDeadline = input.signupDeadline ? new Date(input.signupDeadline) : startsAt;
  const cancelDeadline = input.cancelDeadline ? new Date(input.cancelDeadline) : new Date(startsAt.getTime() - 2 * HOUR);
  if (endsAt <= startsAt || signupDeadline > endsAt || cancelDeadline > startsAt) throw new DomainError('CALLOUT_TIMES');
  return { startsAt, endsAt, signupDeadline, cancelDeadline };
}

/** A reservation names a team of the grid's own community and no more places than the callout has. */
async function teamReservation(db: Db, input: CalloutFields, gridPath: string, startsAt: Date) {
  if (!input.teamId) {
    if (input.teamSlots) throw new DomainError('TEAM_SLOTS', undefined, { teamSlots: 'error.TEAM_SLOTS' });
    return { teamId: null, teamSlots: 0, teamReleaseAt: null };
  }
  const team = await db.selectFrom('team as t').innerJoin('orgUnit as o', 'o.id', 't.communityId').select(['t.id', 'o.path']).where('t.id', '=', input.teamId).executeTakeFirst();
  if (!team || !gridPath.startsWith(team.path)) throw new DomainError('NOT_FOUND');
  if (input.teamSlots < 1 || input.teamSlots > input.slots) throw new DomainError('TEAM_SLOTS', undefined, { teamSlots: 'error.TEAM_SLOTS' });
  const releaseAt = input.teamReleaseAt ? new Date(input.teamReleaseAt) : new Date(startsAt.getTime() - 24 * HOUR);
  if (releaseAt > startsAt) throw new DomainError('CALLOUT_TIMES');
  return { teamId: team.id, teamSlots: input.teamSlots, teamReleaseAt: releaseAt };
}

/** `boothId`: the event booth this callout staffs; the unique column makes a second one fail. */
export async function createCallout(db: Db, actor: Actor, input: CalloutFields, requestId?: string, boothId: string | null = null) {
  const grid = await unitById(db, input.gridId);
  if (!grid) throw new DomainError('NOT_FOUND');
  if (!canManage(actor, grid.path)) throw new DomainError('FORBIDDEN');
  if (grid.level !== 'grid') throw new DomainError('NOT_A_GRID', undefined, { gridId: 'error.NOT_A_GRID' });
  const times = deadlines(input);
  const reservation = await teamReservation(db, input, grid.path, times.startsAt);
  await assertNotOnNegativeList(db, input.title, input.description, input.place);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('callout')
      .values({
        gridId: grid.id,
        createdBy: actor.userId,
        title: input.title,
        description: input.description,
        category: input.category,
        urgency: input.urgency,
        place: input.place,
        slots: input.slots,
        requiredSkills: [...new Set(input.requiredSkills)],
        ...times,
        ...reservation,
        boothId
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'callout.create', targetType: 'callout', targetId: row.id, orgUnitId: grid.id, requestId });
    return row;
  });
}

/**
 * A callout the actor runs. Out of their sight it does not exist (NOT_FOUND); seen but not theirs
 * to run, FORBIDDEN. Locked when `lock`, for state changes.
 */
export async function managedCallout(db: Db, actor: Actor, calloutId: string, lock = false) {
  const callout = lock ? await lockCallout(db, calloutId) : await findCallout(db, calloutId);
  if (!callout || !canSee(actor, callout.gridPath)) throw new DomainError('NOT_FOUND');
  if (!canManage(actor, callout.gridPath)) throw new DomainError('FORBIDDEN');
  return callout;
}

/**
 * draft → open. The text is checked against the negative list again: terms may have been added
 * since. A draft whose start has passed while it waited is not published.
 */
export async function publishCallout(db: Db, actor: Actor, calloutId: string, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const callout = await managedCallout(trx, actor, calloutId, true);
    if (callout.status !== 'draft') throw new DomainError('CALLOUT_NOT_EDITABLE');
    if (startHasPassed(callout.startsAt) || callout.endsAt.getTime() <= Date.now()) throw new DomainError('CALLOUT_START_PASSED');
    await assertNotOnNegativeList(trx, callout.title, callout.description, callout.place);
    await trx.updateTable('callout').set({ status: 'open', publishedAt: new Date(), updatedAt: new Date() }).where('id', '=', callout.id).execute();
    await announceCallout(trx, callout);
    await audit(trx, { actorId: actor.userId, action: 'callout.publish', targetType: 'callout', targetId: callout.id, orgUnitId: callout.gridId, requestId });
    return { id: callout.id, status: 'open' as const };
  });
}

/** Drafts can be changed; once published, a callout's terms stand (people signed up to them). */
export async function updateDraft(db: Db, actor: Actor, calloutId: string, input: CalloutFields, requestId?: string) {
  const times = deadlines(input);
  await assertNotOnNegativeList(db, input.title, input.description, input.place);
  return db.transaction().execute(async (trx) => {
    const callout = await managedCallout(trx, actor, calloutId, true);
    if (callout.status !== 'draft') throw new DomainError('CALLOUT_NOT_EDITABLE');
    const grid = await unitById(trx, input.gridId);
    if (!grid || !canManage(actor, grid.path)) throw new DomainError('NOT_FOUND');
    if (grid.level !== 'grid') throw new DomainError('NOT_A_GRID', undefined, { gridId: 'error.NOT_A_GRID' });
    const reservation = await teamReservation(trx, input, grid.path, times.startsAt);
    await trx
      .updateTable('callout')
      .set({
        gridId: grid.id, title: input.title, description: input.description, category: input.category, urgency: input.urgency,
        place: input.place, slots: input.slots, requiredSkills: [...new Set(input.requiredSkills)], ...times, ...reservation, updatedAt: new Date()
      })
      .where('id', '=', callout.id)
      .execute();
    await audit(trx, { actorId: actor.userId, action: 'callout.update', targetType: 'callout', targetId: callout.id, orgUnitId: grid.id, requestId });
    return { id: callout.id };
  });
}

/** Calls a callout off before it is done; confirmed and waitlisted volunteers are told by e-mail. */
export async function cancelCallout(db: Db, actor: Actor, calloutId: string, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const callout = await managedCallout(trx, actor, calloutId, true);
    if (callout.status === 'completed' || callout.status === 'cancelled') throw new DomainError('CALLOUT_NOT_EDITABLE');
    await trx.updateTable('callout').set({ status: 'cancelled', cancelledAt: new Date(), updatedAt: new Date() }).where('id', '=', callout.id).execute();
    const people = await trx
      .selectFrom('signup as s')
      .innerJoin('appUser as u', 'u.id', 's.volunteerId')
      .select(['u.name', 'u.email', 'u.locale'])
      .where('s.calloutId', '=', callout.id)
      .where('s.status', '<>', 'cancelled')
      .execute();
    for (const p of people) {
      if (!p.email) continue;
      await enqueueMail(trx, {
        to: p.email,
        subject: translate(p.locale, 'mail.calloutCancelled.subject', { title: callout.title }),
        text: translate(p.locale, 'mail.calloutCancelled.body', { name: p.name, title: callout.title, when: formatDateTime(p.locale, callout.startsAt) })
      });
    }
    await audit(trx, { actorId: actor.userId, action: 'callout.cancel', targetType: 'callout', targetId: callout.id, orgUnitId: callout.gridId, requestId });
    return { status: 'cancelled' as const, told: people.length };
  });
}
