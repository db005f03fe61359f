import type { RequestHandler } from './$types';
import { getCallout } from '$lib/server/callout/service/read';
import { calloutUid, sequenceFrom, toIcs } from '$lib/server/calendar/ics';
import { icsResponse } from '$lib/server/calendar/ics-response';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

/** One callout as a downloadable .ics, for whoever may see it; the UID matches the private feed's. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  try {
    assertUuid(params.id);
    const c = await getCallout(locals.db, locals.actor!, params.id);
    const changedAt = await locals.db.selectFrom('callout').select('updatedAt').where('id', '=', c.id).executeTakeFirstOrThrow();
    const text = toIcs(c.title, [{
      uid: calloutUid(c.id), start: c.startsAt, end: c.endsAt, summary: c.title, description: c.description,
      location: `${c.place}（${c.gridName}）`, url: `${url.origin}/callouts/${c.id}`,
      status: c.status === 'cancelled' ? 'cancelled' : 'confirmed', sequence: sequenceFrom(changedAt.updatedAt), lastModified: changedAt.updatedAt
    }], 'publish');
    return icsResponse(text, `callout-${c.id}.ics`);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
