import type { PageServerLoad } from './$types';
import { getCallout, roster } from '$lib/server/callout/service/read';
import { hasRole } from '$lib/server/org/scope';
import { calloutTeamPlaces } from '$lib/server/team/service';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:callout');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    const callout = await getCallout(locals.db, actor, params.id);
    const volunteer = hasRole(actor, ['volunteer']);
    // The viewer's own attendance and rating; read only after getCallout has checked the scope.
    const attended = volunteer && callout.mySignup?.status === 'confirmed'
      ? await locals.db.selectFrom('signup').select(['checkedInAt', 'checkedOutAt'])
        .where('calloutId', '=', callout.id).where('volunteerId', '=', actor.userId).where('status', '=', 'confirmed').executeTakeFirst()
      : undefined;
    const completed = callout.status === 'completed';
    const rating = completed && attended?.checkedInAt
      ? await locals.db.selectFrom('calloutRating').select(['stars', 'comment']).where('calloutId', '=', callout.id).where('volunteerId', '=', actor.userId).executeTakeFirst()
      : undefined;
    return {
      callout,
      roster: callout.canManage ? await roster(locals.db, actor, callout.id) : null,
      volunteer,
      attended: attended ?? null,
      rating: rating ?? null,
      // Only for the leader of the team the callout reserves places for; null for everyone else.
      teamPlaces: volunteer && callout.teamId ? await calloutTeamPlaces(locals.db, actor, callout.id) : null
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
