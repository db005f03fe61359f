import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { assertHr, hrUnits } from '../hr-scope.server';

export const load: PageServerLoad = async ({ locals }) => {
  try {
    assertHr(locals.actor!);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  return { gridGroups: (await hrUnits(locals.db, locals.actor!)).gridGroups };
};
