import { router, withRoles } from '../trpc';
import { AggregatesInput, CheckInInput } from './schema';
import { checkInStatus, submitCheckIn } from './checkin';
import { wellbeingAggregates } from './aggregates';

const workers = withRoles('grid_worker');

export const wellbeingRouter = router({
  checkIn: router({
    submit: workers.input(CheckInInput).mutation(({ ctx, input }) => submitCheckIn(ctx.db, ctx.actor, input)),
    status: workers.query(({ ctx }) => checkInStatus(ctx.db, ctx.actor))
  }),
  /** Admins and counselors in scope; HR never. */
  aggregates: withRoles('admin', 'counselor').input(AggregatesInput).query(({ ctx, input }) => wellbeingAggregates(ctx.db, ctx.actor, input))
});
