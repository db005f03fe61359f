import { z } from 'zod';
import { authed, publicProcedure, router, withRoles } from '../trpc';
import { Id } from '../auth/schema';
import { AppraisalInput, CertificateId, CertificateInput, DecideInput, HonourInput, NominateInput, UnitYear, WorkerId } from './schema';
import { saveAppraisal } from './appraisals';
import { addCertificate, verifyCertificate } from './certificates';
import { myEligibility, unitEligibility, workerEligibility } from './eligibility-service';
import { decide, nominate } from './promotions';
import { awardHonour, honourRoll } from './honours';
import { workforceFigures } from './figures';
import { careerRecord } from './record';
import { UnitAppraisalsInput, careerTypes, pendingCertificates, promotionPipeline, unitAppraisals } from './desk';

const hr = withRoles('hr');

export const careerRouter = router({
  appraisal: router({
    save: hr.input(AppraisalInput).mutation(({ ctx, input }) => saveAppraisal(ctx.db, ctx.actor, input, ctx.requestId)),
    /** The workers of a unit in a year, each with that year's appraisal if entered. */
    forUnit: hr.input(UnitAppraisalsInput).query(({ ctx, input }) => unitAppraisals(ctx.db, ctx.actor, input))
  }),
  certificate: router({
    add: withRoles('grid_worker', 'hr').input(CertificateInput).mutation(({ ctx, input }) => addCertificate(ctx.db, ctx.actor, input, ctx.requestId)),
    verify: hr.input(CertificateId).mutation(({ ctx, input }) => verifyCertificate(ctx.db, ctx.actor, input.certificateId, ctx.requestId)),
    pending: hr.query(({ ctx }) => pendingCertificates(ctx.db, ctx.actor))
  }),
  eligibility: router({
    mine: withRoles('grid_worker').query(({ ctx }) => myEligibility(ctx.db, ctx.actor)),
    forWorker: hr.input(WorkerId).query(({ ctx, input }) => workerEligibility(ctx.db, ctx.actor, input.workerId)),
    forUnit: hr.input(z.object({ unitId: Id })).query(({ ctx, input }) => unitEligibility(ctx.db, ctx.actor, input.unitId))
  }),
  promotion: router({
    nominate: hr.input(NominateInput).mutation(({ ctx, input }) => nominate(ctx.db, ctx.actor, input, ctx.requestId)),
    decide: hr.input(DecideInput).mutation(({ ctx, input }) => decide(ctx.db, ctx.actor, input, ctx.requestId)),
    list: hr.query(({ ctx }) => promotionPipeline(ctx.db, ctx.actor))
  }),
  honour: router({
    award: hr.input(HonourInput).mutation(({ ctx, input }) => awardHonour(ctx.db, ctx.actor, input, ctx.requestId)),
    /** The public honour roll: names and citations only. */
    roll: publicProcedure.input(z.object({ unitId: Id, year: z.number().int().min(2000).max(2100).optional() })).query(({ ctx, input }) => honourRoll(ctx.db, input.unitId, input.year))
  }),
  figures: withRoles('hr', 'admin').input(UnitYear).query(({ ctx, input }) => workforceFigures(ctx.db, ctx.actor, input.unitId, input.year)),
  /** Certificate and honour types, for the forms. */
  types: authed.query(({ ctx }) => careerTypes(ctx.db)),
  /** Everything about one worker's career: their own (no input) or, for HR, a worker in scope. */
  record: withRoles('grid_worker', 'hr').input(z.object({ workerId: Id.optional() })).query(({ ctx, input }) => careerRecord(ctx.db, ctx.actor, input.workerId))
});
