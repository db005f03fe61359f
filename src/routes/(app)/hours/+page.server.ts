import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { myHours } from '$lib/server/callout/service/hours';
import { myCertificates } from '$lib/server/certificate/service';
import { hasRole } from '$lib/server/org/scope';
import { rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:hours');
  const actor = locals.actor!;
  try {
    if (!hasRole(actor, ['volunteer'])) throw new DomainError('FORBIDDEN');
    const hours = await myHours(locals.db, actor.userId);
    const certificates = await myCertificates(locals.db, actor);
    return { hours, certificates };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
