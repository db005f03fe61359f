import type { PageServerLoad } from './$types';
import { getRun } from '$lib/server/pay/runs';
import { lastDay } from '$lib/server/pay/inputs';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { assertHr } from '../hr-units.server';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:pay');
  const actor = locals.actor!;
  try {
    assertHr(actor);
    assertUuid(params.id);
    const run = await getRun(locals.db, actor, params.id);
    // Read only after getRun has checked the scope: the names of who did each step, and how many
    // workers the unit has that month (the compute button says how long to expect).
    const ids = [run.createdBy, run.reviewedBy, run.approvedBy, run.lockedBy, run.paidBy].filter((x): x is string => Boolean(x));
    const [people, unit] = await Promise.all([
      locals.db.selectFrom('appUser').select(['id', 'name']).where('id', 'in', ids).execute(),
      locals.db.selectFrom('orgUnit').select('path').where('id', '=', run.orgUnitId).executeTakeFirstOrThrow()
    ]);
    const employed = await locals.db
      .selectFrom('worker as w')
      .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('g.path', 'like', `${unit.path}%`)
      .where('w.hireDate', '<=', lastDay(run.month))
      .where((eb) => eb.or([eb('w.leaveDate', 'is', null), eb('w.leaveDate', '>=', run.month)]))
      .executeTakeFirstOrThrow();
    return {
      run,
      names: Object.fromEntries(people.map((p) => [p.id, p.name])) as Record<string, string>,
      employed: Number(employed.n),
      me: actor.userId
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
