import type { PageServerLoad } from './$types';
import { myPayslips } from '$lib/server/pay/payslips';
import { rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:payslips');
  const actor = locals.actor!;
  try {
    // Own payslips only; also after leaving, when the grid-worker role has ended.
    return { payslips: await myPayslips(locals.db, actor) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
