import { publicProcedure, router, withRoles } from '../trpc';
import { VerifyInput } from './schema';
import { issueCertificate, myCertificates, verifyCertificate } from './service';

const volunteers = withRoles('volunteer');

/** The PDF itself is served by src/routes/(app)/certificates/[code]/pdf/+server.ts. */
export const certificateRouter = router({
  issue: volunteers.mutation(({ ctx }) => issueCertificate(ctx.db, ctx.actor)),
  mine: volunteers.query(({ ctx }) => myCertificates(ctx.db, ctx.actor)),
  verify: publicProcedure.input(VerifyInput).query(({ ctx, input }) => verifyCertificate(ctx.db, input.code))
});
