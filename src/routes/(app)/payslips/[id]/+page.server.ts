import type { PageServerLoad } from './$types';
import { getPayslip } from '$lib/server/pay/payslips';
import { hasRole } from '$lib/server/org/scope';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { addMonths, thisMonth } from '$lib/components/pay-month';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:payslips');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    // The service decides who may see it: its worker once locked, or HR over the worker's grid.
    const slip = await getPayslip(locals.db, actor, params.id);
    const own = slip.workerId === actor.userId;
    const correctedIds = slip.lines.map((l) => l.correctsLineId).filter((x): x is string => Boolean(x));
    // What each adjustment corrects: a line of the same worker's earlier payslip.
    const corrected = correctedIds.length
      ? await locals.db
        .selectFrom('payrollLine as l')
        .innerJoin('payslip as p', 'p.id', 'l.payslipId')
        .select(['l.id', 'l.label', 'l.amountFen', 'p.id as payslipId', 'p.month'])
        .where('l.id', 'in', correctedIds)
        .where('p.workerId', '=', slip.workerId)
        .execute()
      : [];
    const hr = !own && hasRole(actor, ['hr']);
    const runId = hr ? (await locals.db.selectFrom('payslip').select('runId').where('id', '=', slip.id).executeTakeFirstOrThrow()).runId : null;
    const final = slip.status === 'locked' || slip.status === 'paid';
    // A correction goes into a later month's run; the next month, or this month if that is later.
    const next = addMonths(slip.month.slice(0, 7), 1);
    return {
      slip,
      own,
      runId,
      canCorrect: hr && final,
      correctionMonth: next > thisMonth() ? next : thisMonth(),
      corrected: Object.fromEntries(corrected.map((c) => [c.id, c]))
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
