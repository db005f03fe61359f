import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { MANAGERS } from '$lib/server/callout/policy';
import { hasRole } from '$lib/server/org/scope';
import { rethrowForPage } from '$lib/http-error.server';
import { managedGrids } from './managed-grids.server';

export const load: PageServerLoad = async ({ locals }) => {
  const actor = locals.actor!;
  try {
    if (!hasRole(actor, MANAGERS)) throw new DomainError('FORBIDDEN');
    return { grids: await managedGrids(locals.db, actor) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
