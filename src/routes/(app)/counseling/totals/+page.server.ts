import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { monthlyTotals } from '$lib/server/counseling/totals';
import { chosenUnit, figureUnits } from '$lib/server/org/figure-units';

const thisYear = () => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** Bookings per station and month, counts only: admins and counselors over the unit; HR never (DESIGN E). */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
  const actor = locals.actor!;
  setHeaders({ 'cache-control': 'private, no-store' });
  try {
    if (!hasRole(actor, ['admin', 'counselor'])) throw new DomainError('FORBIDDEN');
    const units = await figureUnits(locals.db, actor);
    const unit = chosenUnit(units, url.searchParams.get('unit'));
    const now = thisYear();
    const years = [now, now - 1, now - 2];
    const yearAsked = Number(url.searchParams.get('year'));
    const year = years.includes(yearAsked) ? yearAsked : now;
    const totals = await monthlyTotals(locals.db, actor, { unitId: unit.id, year });
    return { units, unitId: unit.id, years, year, totals };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
