import type { PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { DomainError } from '$lib/server/domain-error';
import { siteCode } from '$lib/server/callout/service/attendance';
import { getCallout } from '$lib/server/callout/service/read';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params }) => {
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    const callout = await getCallout(locals.db, actor, params.id);
    if (!callout.canManage) throw new DomainError('FORBIDDEN');
    let code: { code: string; expiresAt: Date } | null = null;
    let closed: string | null = null;
    try {
      code = await siteCode(locals.db, actor, callout.id);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'NOT_CHECK_IN_TIME')) throw err;
      closed = translate(locals.locale, 'error.NOT_CHECK_IN_TIME');
    }
    const { id, title, startsAt, endsAt, status } = callout;
    // serverNow lets the page time its refreshes by the server's clock, not the phone's.
    return { callout: { id, title, startsAt, endsAt, status }, code, closed, serverNow: Date.now() };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
