import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { IMPORT_KINDS } from '$lib/server/worker/schema';
import { MAX_IMPORT_BYTES } from '$lib/server/worker/import-file';
import { assertHr } from '../hr-scope.server';

export const load: PageServerLoad = async ({ locals }) => {
  try {
    assertHr(locals.actor!);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  return { kinds: IMPORT_KINDS, maxBytes: MAX_IMPORT_BYTES };
};
