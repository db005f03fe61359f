import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { checkInStatus } from '$lib/server/wellbeing/checkin';

const DAY = 86400_000;

/** The Monday after today in Asia/Shanghai, 'YYYY-MM-DD': when the next ISO week's check-in opens. */
function nextMonday(now: Date): string {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const weekday = local.getUTCDay() || 7;
  return new Date(local.getTime() + (8 - weekday) * DAY).toISOString().slice(0, 10);
}

export const load: PageServerLoad = async ({ locals, depends, setHeaders }) => {
  depends('app:wellbeing');
  const actor = locals.actor!;
  // A page that may show a result must not be kept by caches (nor the back-forward cache).
  setHeaders({ 'cache-control': 'private, no-store' });
  try {
    if (!hasRole(actor, ['grid_worker'])) throw new DomainError('FORBIDDEN');
    const { week, done } = await checkInStatus(locals.db, actor);
    return { week, done, nextOpens: nextMonday(new Date()) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
