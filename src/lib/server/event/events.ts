import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { unitById } from '../org/queries';
import { assertCovers, covers, hasRole, pathWithin, scopePaths } from '../org/scope';
import { MANAGERS } from '../callout/policy';
import { homePaths, inView, isInView, STAFF } from './visibility';
import type { EventFields } from './schema';
import { assertStartNotPast } from '../start-time';

export const eventColumns = [
  'e.id', 'e.orgUnitId', 'e.themeId', 'e.title', 'e.description', 'e.place', 'e.startsAt', 'e.endsAt',
  'e.isPublic', 'e.status', 'e.sequence', 'e.updatedAt'
] as const;

/** Events someone may see: public ones of units in their view; internal ones for staff only. */
export function eventsInView(db: Db, actor: Actor) {
  const staff = hasRole(actor, STAFF);
  return db
    .selectFrom('event as e')
    .innerJoin('orgUnit as o', 'o.id', 'e.orgUnitId')
    .where((eb) => {
      const inArea = inView(eb.ref('o.path'), homePaths(actor));
      return staff ? inArea : eb.and([inArea, eb('e.isPublic', '=', true)]);
    });
}

function assertTimes(fields: EventFields) {
  if (new Date(fields.endsAt) <= new Date(fields.startsAt)) throw new DomainError('EVENT_TIMES', undefined, { endsAt: 'error.EVENT_TIMES' });
}

/** A theme the event's unit can see: the shared plan, or the plan of a unit above or below it. */
async function assertThemeFits(db: Db, themeId: string | null, unitPath: string) {
  if (!themeId) return;
  const theme = await db.selectFrom('theme as t').leftJoin('orgUnit as o', 'o.id', 't.orgUnitId').select(['t.id', 'o.path']).where('t.id', '=', themeId).executeTakeFirst();
  if (!theme || (theme.path !== null && !isInView(unitPath, [theme.path]))) throw new DomainError('NOT_FOUND', undefined, { themeId: 'error.NOT_FOUND' });
}

async function unitForEvents(db: Db, actor: Actor, unitId: string) {
  const unit = await unitById(db, unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin'], unit.path);
  return unit;
}

export async function createEvent(db: Db, actor: Actor, fields: EventFields, requestId?: string) {
  const unit = await unitForEvents(db, actor, fields.unitId);
  assertTimes(fields);
  assertStartNotPast(new Date(fields.startsAt));
  await assertThemeFits(db, fields.themeId, unit.path);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('event')
      .values({
        orgUnitId: unit.id, themeId: fields.themeId, title: fields.title, description: fields.description, place: fields.place,
        startsAt: fields.startsAt, endsAt: fields.endsAt, isPublic: fields.isPublic, createdBy: actor.userId
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'event.create', targetType: 'event', targetId: row.id, orgUnitId: unit.id, detail: { title: fields.title }, requestId });
    return { eventId: row.id };
  });
}

/** The event with its unit's path, for admins over that unit; NOT_FOUND when out of their sight. */
export async function eventForEdit(db: Db, actor: Actor, eventId: string, lock = false) {
  let q = db.selectFrom('event as e').innerJoin('orgUnit as o', 'o.id', 'e.orgUnitId').select([...eventColumns, 'o.path as unitPath']).where('e.id', '=', eventId);
  if (lock) q = q.forUpdate('e');
  const event = await q.executeTakeFirst();
  if (!event || !isInView(event.unitPath, homePaths(actor))) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin'], event.unitPath);
  return event;
}

/**
 * Moves and edits go out to subscribed calendars: each change raises the iCalendar SEQUENCE. An
 * event may not be moved to a start in the past; one under way keeps its start and stays editable.
 */
export async function updateEvent(db: Db, actor: Actor, eventId: string, fields: EventFields, requestId?: string) {
  assertTimes(fields);
  return db.transaction().execute(async (trx) => {
    const event = await eventForEdit(trx, actor, eventId, true);
    const startsAt = new Date(fields.startsAt);
    if (startsAt.getTime() !== event.startsAt.getTime()) assertStartNotPast(startsAt);
    // An event stays with the unit that holds it.
    if (fields.unitId !== event.orgUnitId) throw new DomainError('FORBIDDEN');
    await assertThemeFits(trx, fields.themeId, event.unitPath);
    await trx
      .updateTable('event')
      .set((eb) => ({
        themeId: fields.themeId, title: fields.title, description: fields.description, place: fields.place,
        startsAt: fields.startsAt, endsAt: fields.endsAt, isPublic: fields.isPublic, sequence: eb('sequence', '+', 1), updatedAt: new Date()
      }))
      .where('id', '=', eventId)
      .execute();
    await audit(trx, { actorId: actor.userId, action: 'event.update', targetType: 'event', targetId: eventId, orgUnitId: event.orgUnitId, requestId });
    return { eventId };
  });
}

export async function cancelEvent(db: Db, actor: Actor, eventId: string, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const event = await eventForEdit(trx, actor, eventId, true);
    if (event.status === 'cancelled') return { eventId };
    await trx
      .updateTable('event')
      .set((eb) => ({ status: 'cancelled', sequence: eb('sequence', '+', 1), updatedAt: new Date() }))
      .where('id', '=', eventId)
      .execute();
    await audit(trx, { actorId: actor.userId, action: 'event.cancel', targetType: 'event', targetId: eventId, orgUnitId: event.orgUnitId, requestId });
    return { eventId };
  });
}

/** One event as its viewer may see it, with its booths and how each is staffed. */
export async function getEvent(db: Db, actor: Actor, eventId: string) {
  const event = await eventsInView(db, actor)
    .leftJoin('theme as t', 't.id', 'e.themeId')
    .select([...eventColumns, 'o.name as unitName', 'o.path as unitPath', 't.name as themeName'])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (!event) throw new DomainError('NOT_FOUND');
  const booths = await db
    .selectFrom('booth as b')
    .leftJoin('callout as c', 'c.boothId', 'b.id')
    .select(['b.id', 'b.name', 'b.description', 'c.id as calloutId', 'c.title as calloutTitle', 'c.status as calloutStatus', 'c.slots', 'c.confirmedCount'])
    .where('b.eventId', '=', event.id)
    .orderBy('b.createdAt')
    .orderBy('b.name')
    .execute();
  const { unitPath, ...visible } = event;
  return {
    ...visible,
    booths,
    canEdit: covers(actor, ['admin'], unitPath),
    // Grid workers below the event's unit and admins around it can staff a booth from their grids.
    canStaff: event.status === 'scheduled' && isInView(unitPath, homePaths(actor, MANAGERS))
  };
}

/** Events of units the admin runs, newest first, for the event editor's list. */
export function listManagedEvents(db: Db, actor: Actor) {
  return db
    .selectFrom('event as e')
    .innerJoin('orgUnit as o', 'o.id', 'e.orgUnitId')
    .leftJoin('theme as t', 't.id', 'e.themeId')
    .select([...eventColumns, 'o.name as unitName', 't.name as themeName'])
    .where((eb) => pathWithin(eb, 'o.path', scopePaths(actor, ['admin'])))
    .orderBy('e.startsAt', 'desc')
    .limit(200)
    .execute();
}
