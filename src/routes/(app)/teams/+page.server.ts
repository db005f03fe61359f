import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { myTeams } from '$lib/server/team/service';
import { myInvitations } from '$lib/server/team/invitations';
import { rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:teams');
  const actor = locals.actor!;
  try {
    if (!hasRole(actor, ['volunteer'])) throw new DomainError('FORBIDDEN');
    return { teams: await myTeams(locals.db, actor), invitations: await myInvitations(locals.db, actor), myId: actor.userId };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
