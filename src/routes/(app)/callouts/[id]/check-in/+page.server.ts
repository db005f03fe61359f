import type { PageServerLoad } from './$types';
import { getCallout } from '$lib/server/callout/service/read';
import { latestEntries } from '$lib/server/callout/service/hours';
import { hasRole } from '$lib/server/org/scope';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

const SITE_CODE = /^\d{6}$/;

export const load: PageServerLoad = async ({ locals, params, url, depends }) => {
  depends('app:callout');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    // getCallout first: out of the viewer's reach the callout does not exist for them.
    const callout = await getCallout(locals.db, actor, params.id);
    // Only the viewer's own confirmed sign-up, with the minutes its hours ledger holds now.
    const mine = await locals.db
      .selectFrom('signup as s')
      .leftJoin(latestEntries(locals.db).as('h'), 'h.signupId', 's.id')
      .select(['s.checkedInAt', 's.checkedOutAt', 'h.minutes', 'h.kind'])
      .where('s.calloutId', '=', callout.id)
      .where('s.volunteerId', '=', actor.userId)
      .where('s.status', '=', 'confirmed')
      .executeTakeFirst();
    // Opened from the QR code shown on site: /callouts/<id>/check-in?code=123456
    const code = url.searchParams.get('code')?.trim() ?? '';
    const { id, title, startsAt, endsAt, status, canManage } = callout;
    return {
      callout: { id, title, startsAt, endsAt, status, canManage },
      mine: mine ?? null,
      volunteer: hasRole(actor, ['volunteer']),
      code: SITE_CODE.test(code) ? code : ''
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
