import type { PageServerLoad } from './$types';
import { getEvent } from '$lib/server/event/events';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    assertUuid(params.id);
    return { event: await getEvent(locals.db, locals.actor!, params.id) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
