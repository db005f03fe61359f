import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { unitById } from '../org/queries';
import { createCallout } from '../callout/service/manage';
import type { CalloutFields } from '../callout/schema';
import { eventForEdit, eventsInView } from './events';
import type { BoothFields } from './schema';

export async function addBooth(db: Db, actor: Actor, fields: BoothFields, requestId?: string) {
  return db.transaction().execute(async (trx) => {
    const event = await eventForEdit(trx, actor, fields.eventId, true);
    const taken = await trx.selectFrom('booth').select('id').where('eventId', '=', event.id).where('name', '=', fields.name).executeTakeFirst();
    if (taken) throw new DomainError('BOOTH_NAME_TAKEN', undefined, { name: 'error.BOOTH_NAME_TAKEN' });
    const row = await trx.insertInto('booth').values({ eventId: event.id, name: fields.name, description: fields.description }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('event').set((eb) => ({ sequence: eb('sequence', '+', 1), updatedAt: new Date() })).where('id', '=', event.id).execute();
    await audit(trx, { actorId: actor.userId, action: 'event.addBooth', targetType: 'event', targetId: event.id, orgUnitId: event.orgUnitId, detail: { booth: fields.name }, requestId });
    return { boothId: row.id };
  });
}

async function boothWithEvent(db: Db, boothId: string) {
  const booth = await db.selectFrom('booth').select(['id', 'eventId', 'name', 'description']).where('id', '=', boothId).executeTakeFirst();
  if (!booth) throw new DomainError('NOT_FOUND');
  return booth;
}

/** A staffed booth stays: people signed up to its callout. */
export async function removeBooth(db: Db, actor: Actor, boothId: string, requestId?: string) {
  const booth = await boothWithEvent(db, boothId);
  return db.transaction().execute(async (trx) => {
    const event = await eventForEdit(trx, actor, booth.eventId, true);
    const staffed = await trx.selectFrom('callout').select('id').where('boothId', '=', booth.id).executeTakeFirst();
    if (staffed) throw new DomainError('BOOTH_STAFFED');
    await trx.deleteFrom('booth').where('id', '=', booth.id).execute();
    await audit(trx, { actorId: actor.userId, action: 'event.removeBooth', targetType: 'event', targetId: event.id, orgUnitId: event.orgUnitId, detail: { booth: booth.name }, requestId });
    return { boothId };
  });
}

/**
 * What the new-callout form starts from for a booth: the event's place and times, the booth's
 * name and description. The callout then lives by the callout rules.
 */
export async function boothCalloutDraft(db: Db, actor: Actor, boothId: string) {
  const booth = await boothWithEvent(db, boothId);
  const event = await eventsInView(db, actor)
    .select(['e.id', 'e.title', 'e.place', 'e.startsAt', 'e.endsAt', 'e.status', 'o.path as unitPath'])
    .where('e.id', '=', booth.eventId)
    .executeTakeFirst();
  if (!event) throw new DomainError('NOT_FOUND');
  const staffed = await db.selectFrom('callout').select('id').where('boothId', '=', booth.id).executeTakeFirst();
  return {
    boothId: booth.id,
    boothName: booth.name,
    eventId: event.id,
    eventTitle: event.title,
    unitPath: event.unitPath,
    staffedBy: staffed?.id ?? null,
    eventCancelled: event.status === 'cancelled',
    prefill: {
      title: `${event.title} · ${booth.name}`.slice(0, 80),
      description: booth.description,
      category: 'event_support' as const,
      place: event.place,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString()
    }
  };
}

/** Creates the callout that staffs a booth, as a draft in one of the manager's grids under the event's unit. */
export async function staffBooth(db: Db, actor: Actor, boothId: string, fields: CalloutFields, requestId?: string) {
  const draft = await boothCalloutDraft(db, actor, boothId);
  if (draft.eventCancelled) throw new DomainError('NOT_FOUND');
  if (draft.staffedBy) throw new DomainError('BOOTH_STAFFED');
  const grid = await unitById(db, fields.gridId);
  if (!grid || !grid.path.startsWith(draft.unitPath)) throw new DomainError('NOT_FOUND', undefined, { gridId: 'error.NOT_FOUND' });
  try {
    return await createCallout(db, actor, fields, requestId, boothId);
  } catch (err) {
    // Two managers staffing the same booth at once: the unique booth_id lets one through.
    if (isUniqueViolation(err)) throw new DomainError('BOOTH_STAFFED');
    throw err;
  }
}
