import { authed, router, withRoles } from '../trpc';
import { Id } from '../auth/schema';
import { z } from 'zod';
import { AdjustmentInput, AwardInput, DeductionInput, OvertimeInput, PayslipId, RatingsInput, RunId, StructureInput, UnitMonth } from './schema';
import { listStructures, saveStructure } from './structures';
import { addAdjustment, addAward, addDeduction, addOvertime, monthInputs, saveRatings } from './inputs';
import { approveRun, computeRun, createRun, getRun, listRuns, lockRun, markPaid, reopenRun, reviewRun } from './runs';
import { getPayslip, myPayslips } from './payslips';
import { ExportInput, exportRunBase64 } from './export';

const hr = withRoles('hr');

export const payRouter = router({
  structure: router({
    save: hr.input(StructureInput).mutation(({ ctx, input }) => saveStructure(ctx.db, ctx.actor, input, ctx.requestId)),
    list: hr.input(z.object({ unitId: Id })).query(({ ctx, input }) => listStructures(ctx.db, ctx.actor, input.unitId))
  }),
  inputs: router({
    month: hr.input(UnitMonth).query(({ ctx, input }) => monthInputs(ctx.db, ctx.actor, input.unitId, input.month)),
    saveRatings: hr.input(RatingsInput).mutation(({ ctx, input }) => saveRatings(ctx.db, ctx.actor, input, ctx.requestId)),
    addOvertime: hr.input(OvertimeInput).mutation(({ ctx, input }) => addOvertime(ctx.db, ctx.actor, input)),
    addDeduction: hr.input(DeductionInput).mutation(({ ctx, input }) => addDeduction(ctx.db, ctx.actor, input)),
    addAdjustment: hr.input(AdjustmentInput).mutation(({ ctx, input }) => addAdjustment(ctx.db, ctx.actor, input, ctx.requestId))
  }),
  award: router({
    add: hr.input(AwardInput).mutation(({ ctx, input }) => addAward(ctx.db, ctx.actor, input, ctx.requestId))
  }),
  run: router({
    list: hr.query(({ ctx }) => listRuns(ctx.db, ctx.actor)),
    get: hr.input(RunId).query(({ ctx, input }) => getRun(ctx.db, ctx.actor, input.runId)),
    create: hr.input(UnitMonth).mutation(({ ctx, input }) => createRun(ctx.db, ctx.actor, input.unitId, input.month, ctx.requestId)),
    compute: hr.input(RunId).mutation(({ ctx, input }) => computeRun(ctx.db, ctx.actor, input.runId, ctx.requestId)),
    review: hr.input(RunId).mutation(({ ctx, input }) => reviewRun(ctx.db, ctx.actor, input.runId, ctx.requestId)),
    reopen: hr.input(RunId).mutation(({ ctx, input }) => reopenRun(ctx.db, ctx.actor, input.runId, ctx.requestId)),
    approve: hr.input(RunId).mutation(({ ctx, input }) => approveRun(ctx.db, ctx.actor, input.runId, ctx.requestId)),
    lock: hr.input(RunId).mutation(({ ctx, input }) => lockRun(ctx.db, ctx.actor, input.runId, ctx.requestId)),
    markPaid: hr.input(RunId).mutation(({ ctx, input }) => markPaid(ctx.db, ctx.actor, input.runId, ctx.requestId)),
    // A mutation: every export is written to the audit log.
    export: hr.input(ExportInput).mutation(({ ctx, input }) => exportRunBase64(ctx.db, ctx.actor, input.runId, input.format, ctx.requestId))
  }),
  payslip: router({
    // Anyone signed in, for their own payslips: someone who has left still reads what they were paid.
    mine: authed.query(({ ctx }) => myPayslips(ctx.db, ctx.actor)),
    get: authed.input(PayslipId).query(({ ctx, input }) => getPayslip(ctx.db, ctx.actor, input.payslipId))
  })
});
