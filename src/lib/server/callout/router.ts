import { router, withRoles } from '../trpc';
import { CalloutFields, CalloutId, ListCalloutsInput } from './schema';
import { MANAGERS } from './policy';
import { createCallout, publishCallout } from './service/manage';
import { cancelSignUp, signUp } from './service/sign-up';
import { getCallout, listCallouts, roster } from './service/read';

const anyone = withRoles('volunteer', 'grid_worker', 'admin', 'hr');
const managers = withRoles(...MANAGERS);
const volunteers = withRoles('volunteer');

export const calloutRouter = router({
  create: managers.input(CalloutFields).mutation(({ ctx, input }) => createCallout(ctx.db, ctx.actor, input, ctx.requestId)),
  publish: managers.input(CalloutId).mutation(({ ctx, input }) => publishCallout(ctx.db, ctx.actor, input.calloutId, ctx.requestId)),
  get: anyone.input(CalloutId).query(({ ctx, input }) => getCallout(ctx.db, ctx.actor, input.calloutId)),
  list: anyone.input(ListCalloutsInput).query(({ ctx, input }) => listCallouts(ctx.db, ctx.actor, input)),
  roster: managers.input(CalloutId).query(({ ctx, input }) => roster(ctx.db, ctx.actor, input.calloutId)),
  signUp: volunteers.input(CalloutId).mutation(({ ctx, input }) => signUp(ctx.db, ctx.actor, input.calloutId)),
  cancelSignUp: volunteers.input(CalloutId).mutation(({ ctx, input }) => cancelSignUp(ctx.db, ctx.actor, input.calloutId))
});
