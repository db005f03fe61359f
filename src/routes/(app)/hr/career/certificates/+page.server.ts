import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { pendingCertificates } from '$lib/server/career/desk';
import { assertRole } from '../career-units.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:career');
  const actor = locals.actor!;
  try {
    assertRole(actor, ['hr']);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  return { certificates: await pendingCertificates(locals.db, actor) };
};
