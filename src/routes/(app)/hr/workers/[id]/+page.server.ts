import type { PageServerLoad } from './$types';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { getWorker } from '$lib/server/worker/service';
import { assertHr, hrUnits } from '../hr-scope.server';

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
  depends('app:workers');
  const actor = locals.actor!;
  try {
    assertHr(actor);
    assertUuid(params.id);
    const worker = await getWorker(locals.db, actor, params.id);
    return { worker, gridGroups: (await hrUnits(locals.db, actor)).gridGroups, created: url.searchParams.has('created') };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
