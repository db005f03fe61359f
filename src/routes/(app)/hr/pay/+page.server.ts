import type { PageServerLoad } from './$types';
import { listRuns } from '$lib/server/pay/runs';
import { rethrowForPage } from '$lib/http-error.server';
import { thisMonth } from '$lib/components/pay-month';
import { assertHr, payUnits } from './hr-units.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:pay');
  const actor = locals.actor!;
  try {
    assertHr(actor);
    const [runs, units] = await Promise.all([listRuns(locals.db, actor), payUnits(locals.db, actor)]);
    return {
      runs: runs.map((r) => ({ ...r, payslips: Number(r.payslips) })),
      units,
      month: thisMonth()
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
