import type { RequestHandler } from './$types';
import { getEvent } from '$lib/server/event/events';
import { eventUid, toIcs } from '$lib/server/calendar/ics';
import { icsResponse } from '$lib/server/calendar/ics-response';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

/** One event as a downloadable .ics, for whoever may see it. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  try {
    assertUuid(params.id);
    const e = await getEvent(locals.db, locals.actor!, params.id);
    const text = toIcs(e.title, [{
      uid: eventUid(e.id), start: e.startsAt, end: e.endsAt, summary: e.title, description: e.description,
      location: e.place, url: `${url.origin}/events/${e.id}`, status: e.status === 'cancelled' ? 'cancelled' : 'confirmed',
      sequence: e.sequence, lastModified: e.updatedAt
    }], 'publish');
    return icsResponse(text, `event-${e.id}.ics`);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
