import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { workforceFigures } from '$lib/server/career/figures';
import { assertRole, careerUnits, chosenUnit, chosenYear, recentYears, shanghaiYear } from '../career-units.server';

const ROLES = ['hr', 'admin'] as const;

/** Workforce figures of a unit and the units directly below it, for HR and admins in scope. */
export const load: PageServerLoad = async ({ locals, url }) => {
  const actor = locals.actor!;
  try {
    assertRole(actor, ROLES);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  const units = await careerUnits(locals.db, actor, ROLES);
  const unit = chosenUnit(units, url.searchParams.get('unit'));
  const years = recentYears();
  const year = chosenYear(years, url.searchParams.get('year'), shanghaiYear() - 1);
  return {
    units, years, filter: { unit: unit?.id ?? '', year },
    partial: year === shanghaiYear(),
    figures: unit ? await workforceFigures(locals.db, actor, unit.id, year) : null
  };
};
