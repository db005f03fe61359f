import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { getCallout, roster } from '$lib/server/callout/service/read';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:callout');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    // Scope first: only those who run the callout see who came and for how long.
    const callout = await getCallout(locals.db, actor, params.id);
    if (!callout.canManage) throw new DomainError('FORBIDDEN');
    const rows = (await roster(locals.db, actor, callout.id)).filter((r) => r.status === 'confirmed');
    const { id, title, startsAt, endsAt, status, result } = callout;
    return { callout: { id, title, startsAt, endsAt, status, result }, rows };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
