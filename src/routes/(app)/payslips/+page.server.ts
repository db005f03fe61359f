import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { myPayslips } from '$lib/server/pay/payslips';
import { hasRole } from '$lib/server/org/scope';
import { rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:payslips');
  const actor = locals.actor!;
  try {
    if (!hasRole(actor, ['grid_worker'])) throw new DomainError('FORBIDDEN');
    return { payslips: await myPayslips(locals.db, actor) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
