import type { PageServerLoad } from './$types';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { honourRoll } from '$lib/server/career/honours';

/** The public 光荣榜 of a unit: anyone, signed in or not, sees names, honours, grids and citations. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  try {
    assertUuid(params.unitId);
    const all = await honourRoll(locals.db, params.unitId);
    const years = [...new Set(all.honours.map((h) => h.year))].sort((a, b) => b - a);
    const asked = Number(url.searchParams.get('year'));
    const year = years.includes(asked) ? asked : null;
    const honours = year ? (await honourRoll(locals.db, params.unitId, year)).honours : all.honours;
    return { unit: all.unit, years, year, honours };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
