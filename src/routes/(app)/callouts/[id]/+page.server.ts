import type { PageServerLoad } from './$types';
import { getCallout, roster } from '$lib/server/callout/service/read';
import { hasRole } from '$lib/server/org/scope';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:callout');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    const callout = await getCallout(locals.db, actor, params.id);
    return {
      callout,
      roster: callout.canManage ? await roster(locals.db, actor, callout.id) : null,
      volunteer: hasRole(actor, ['volunteer'])
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
