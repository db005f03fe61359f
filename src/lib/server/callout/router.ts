import { router, withRoles } from '../trpc';
import {
  CalloutFields, CalloutId, CompleteInput, ConfirmHoursInput, DashboardInput, ListCalloutsInput,
  ManualCheckInInput, NegativeTermId, NegativeTermInput, RateInput, SiteCodeInput
} from './schema';
import { MANAGERS } from './policy';
import { addNegativeTerm, listNegativeTerms, removeNegativeTerm } from './negative-list';
import { cancelCallout, createCallout, publishCallout, updateDraft } from './service/manage';
import { getCallout, listCallouts, roster } from './service/read';
import { cancelSignUp, signUp } from './service/sign-up';
import { checkIn, checkOut, manualCheckIn, siteCode } from './service/attendance';
import { confirmHours, myHours } from './service/hours';
import { completeCallout, rateCallout } from './service/close';
import { responseTimes } from './service/dashboard';

const anyone = withRoles('volunteer', 'grid_worker', 'admin', 'hr');
const managers = withRoles(...MANAGERS);
const volunteers = withRoles('volunteer');

export const calloutRouter = router({
  create: managers.input(CalloutFields).mutation(({ ctx, input }) => createCallout(ctx.db, ctx.actor, input, ctx.requestId)),
  update: managers.input(CalloutId.extend({ fields: CalloutFields })).mutation(({ ctx, input }) => updateDraft(ctx.db, ctx.actor, input.calloutId, input.fields, ctx.requestId)),
  cancel: managers.input(CalloutId).mutation(({ ctx, input }) => cancelCallout(ctx.db, ctx.actor, input.calloutId, ctx.requestId)),
  publish: managers.input(CalloutId).mutation(({ ctx, input }) => publishCallout(ctx.db, ctx.actor, input.calloutId, ctx.requestId)),
  get: anyone.input(CalloutId).query(({ ctx, input }) => getCallout(ctx.db, ctx.actor, input.calloutId)),
  list: anyone.input(ListCalloutsInput).query(({ ctx, input }) => listCallouts(ctx.db, ctx.actor, input)),
  roster: managers.input(CalloutId).query(({ ctx, input }) => roster(ctx.db, ctx.actor, input.calloutId)),
  signUp: volunteers.input(CalloutId).mutation(({ ctx, input }) => signUp(ctx.db, ctx.actor, input.calloutId)),
  cancelSignUp: volunteers.input(CalloutId).mutation(({ ctx, input }) => cancelSignUp(ctx.db, ctx.actor, input.calloutId)),
  siteCode: managers.input(CalloutId).query(({ ctx, input }) => siteCode(ctx.db, ctx.actor, input.calloutId)),
  checkIn: volunteers.input(SiteCodeInput).mutation(({ ctx, input }) => checkIn(ctx.db, ctx.actor, input, ctx.ip)),
  checkOut: volunteers.input(SiteCodeInput).mutation(({ ctx, input }) => checkOut(ctx.db, ctx.actor, input, ctx.ip)),
  manualCheckIn: managers.input(ManualCheckInInput).mutation(({ ctx, input }) => manualCheckIn(ctx.db, ctx.actor, input, ctx.requestId)),
  confirmHours: managers.input(ConfirmHoursInput).mutation(({ ctx, input }) => confirmHours(ctx.db, ctx.actor, input)),
  myHours: volunteers.query(({ ctx }) => myHours(ctx.db, ctx.actor.userId)),
  complete: managers.input(CompleteInput).mutation(({ ctx, input }) => completeCallout(ctx.db, ctx.actor, input, ctx.requestId)),
  rate: volunteers.input(RateInput).mutation(({ ctx, input }) => rateCallout(ctx.db, ctx.actor, input)),
  dashboard: withRoles('admin', 'grid_worker', 'hr').input(DashboardInput).query(({ ctx, input }) =>
    responseTimes(ctx.db, ctx.actor, new Date(Date.now() - input.days * 86400_000))
  ),
  negativeTerms: withRoles('admin').query(({ ctx }) => listNegativeTerms(ctx.db)),
  addNegativeTerm: withRoles('admin').input(NegativeTermInput).mutation(({ ctx, input }) => addNegativeTerm(ctx.db, ctx.actor, input.rule, input.term)),
  removeNegativeTerm: withRoles('admin').input(NegativeTermId).mutation(({ ctx, input }) => removeNegativeTerm(ctx.db, ctx.actor, input.id))
});
