import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { careerTypes } from '$lib/server/career/desk';
import { honourRoll } from '$lib/server/career/honours';
import { listWorkers } from '$lib/server/worker/service';
import { assertRole, careerUnits, chosenUnit, recentYears, shanghaiYear } from '../career-units.server';

/** The most workers one <select> offers; a larger unit is narrowed first. */
const MAX_WORKERS = 200;

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
  const { honourTypes } = await careerTypes(locals.db);
  if (!unit) return { units, unit: null, honourTypes, years: recentYears(6), year: shanghaiYear(), workers: [], totalWorkers: 0, roll: [] };
  const [workers, roll] = await Promise.all([
    listWorkers(locals.db, actor, { unitId: unit.id, status: 'active', limit: MAX_WORKERS, offset: 0 }),
    honourRoll(locals.db, unit.id)
  ]);
  return {
    units, unit: { id: unit.id, name: unit.name }, honourTypes, years: recentYears(6), year: shanghaiYear(),
    workers: workers.items.map((w) => ({ userId: w.userId, name: w.name, gridName: w.gridName, communityName: w.communityName })),
    totalWorkers: workers.total,
    roll: roll.honours.slice(0, 30)
  };
};
