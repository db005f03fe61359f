import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { wellbeingAggregates } from '$lib/server/wellbeing/aggregates';
import { chosenUnit, figureUnits } from '$lib/server/org/figure-units';

/** The periods offered; anything else in the query string falls back to 12 weeks. */
const PERIODS = [4, 12, 26];

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:wellbeing-aggregates');
  const actor = locals.actor!;
  try {
    // Admins and counselors only; HR sees none of it (DESIGN E).
    if (!hasRole(actor, ['admin', 'counselor'])) throw new DomainError('FORBIDDEN');
    const units = await figureUnits(locals.db, actor);
    const unit = chosenUnit(units, url.searchParams.get('unit'));
    const weeksAsked = Number(url.searchParams.get('weeks'));
    const weeks = PERIODS.includes(weeksAsked) ? weeksAsked : 12;
    const figures = await wellbeingAggregates(locals.db, actor, { unitId: unit.id, weeks });
    return { units, unitId: unit.id, unitLevel: unit.level, periods: PERIODS, weeks, figures };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
