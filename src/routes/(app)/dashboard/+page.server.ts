import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { responseTimes } from '$lib/server/callout/service/dashboard';
import { hasRole } from '$lib/server/org/scope';
import { rethrowForPage } from '$lib/http-error.server';

/** The periods offered; anything else in the query string falls back to 30 days. */
const PERIODS = [7, 30, 90];
const DAY = 86400_000;

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:dashboard');
  const actor = locals.actor!;
  const asked = Number(url.searchParams.get('days'));
  const days = PERIODS.includes(asked) ? asked : 30;
  try {
    if (!hasRole(actor, ['grid_worker', 'admin', 'hr'])) throw new DomainError('FORBIDDEN');
    return { periods: PERIODS, days, report: await responseTimes(locals.db, actor, new Date(Date.now() - days * DAY)) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
