import type { PageServerLoad } from './$types';
import { monthInputs } from '$lib/server/pay/inputs';
import { rethrowForPage } from '$lib/http-error.server';
import { isMonth, thisMonth } from '$lib/components/pay-month';
import { shanghaiToday } from '$lib/components/shanghai-dates';
import { assertHr, chosenUnit, payUnits } from '../hr-units.server';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:pay');
  const actor = locals.actor!;
  try {
    assertHr(actor);
    const units = await payUnits(locals.db, actor);
    const unit = chosenUnit(units, url.searchParams.get('unit'));
    const asked = url.searchParams.get('month');
    const month = isMonth(asked) ? asked : thisMonth();
    const first = `${month}-01`;
    const [workers, run] = unit
      ? await Promise.all([
        monthInputs(locals.db, actor, unit.id, first),
        // The unit's run of the month, if there is one: the grid links to it and says when it is locked.
        locals.db.selectFrom('payrollRun').select(['id', 'status']).where('orgUnitId', '=', unit.id).where('month', '=', first).executeTakeFirst()
      ])
      : [[], undefined];
    return { units, unit: unit ?? null, month, today: shanghaiToday(), workers, run: run ?? null };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
