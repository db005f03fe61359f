import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { unitAppraisals } from '$lib/server/career/desk';
import { assertRole, careerUnits, chosenUnit, chosenYear, recentYears, shanghaiToday, shanghaiYear } from './career-units.server';

const PAGE_SIZE = 30;

/** Year-end appraisals: the workers of a unit for a year, a row each to enter the result. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:career');
  const actor = locals.actor!;
  try {
    assertRole(actor, ['hr']);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  const units = await careerUnits(locals.db, actor, ['hr']);
  const unit = chosenUnit(units, url.searchParams.get('unit'));
  const years = recentYears();
  // By default the last full year: appraisals are made once a year is over.
  const year = chosenYear(years, url.searchParams.get('year'), shanghaiYear() - 1);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 60);
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1)));
  const list = unit
    ? await unitAppraisals(locals.db, actor, { unitId: unit.id, year, search: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })
    : null;
  return {
    units, years, today: shanghaiToday(),
    filter: { unit: unit?.id ?? '', year, q },
    list, page, pages: Math.max(1, Math.ceil((list?.total ?? 0) / PAGE_SIZE))
  };
};
