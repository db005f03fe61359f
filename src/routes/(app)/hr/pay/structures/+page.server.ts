import type { PageServerLoad } from './$types';
import { listStructures, structuresFor } from '$lib/server/pay/structures';
import { unitById } from '$lib/server/org/queries';
import { rethrowForPage } from '$lib/http-error.server';
import { shanghaiToday } from '$lib/components/shanghai-dates';
import { addMonths, thisMonth } from '$lib/components/pay-month';
import { assertHr, chosenUnit, payUnits } from '../hr-units.server';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:pay');
  const actor = locals.actor!;
  try {
    assertHr(actor);
    const units = await payUnits(locals.db, actor);
    const unit = chosenUnit(units, url.searchParams.get('unit'));
    const today = shanghaiToday();
    const month = `${thisMonth()}-01`;
    const [structures, certificateTypes, unitRow] = await Promise.all([
      unit ? listStructures(locals.db, actor, unit.id) : [],
      locals.db.selectFrom('certificateType').select(['code', 'name']).orderBy('name').execute(),
      unit ? unitById(locals.db, unit.id) : undefined
    ]);
    // What this month's pay follows for the unit: its own structure or the nearest one above it.
    const inForce = unitRow ? (await structuresFor(locals.db, [unitRow.path], month)).get(unitRow.path) : undefined;
    return {
      units,
      unit: unit ?? null,
      today,
      nextMonthStart: `${addMonths(thisMonth(), 1)}-01`,
      certificateTypes,
      structures: structures.map((s) => ({
        id: s.id,
        effectiveFrom: s.effectiveFrom,
        basePayFen: s.basePayFen,
        performanceBaseFen: s.performanceBaseFen,
        coefficients: { A: s.coefficientA, B: s.coefficientB, C: s.coefficientC, D: s.coefficientD },
        communicationFen: s.communicationFen,
        overtimeHourFen: s.overtimeHourFen,
        certificates: s.certificates.map((c) => ({ typeCode: c.typeCode, name: c.name, monthlyFen: c.monthlyFen }))
      })),
      inForce: inForce ? { unitName: inForce.unitName, effectiveFrom: inForce.effectiveFrom } : null
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
