import { authed, router, withRoles } from '../trpc';
import { getHours, saveHours } from './hours';
import { listSlots } from './availability';
import { book, cancelBooking, mark, mine, rescheduleBooking } from './bookings';
import { cancelByCounselor } from './counselor-cancel';
import { monthlyTotals } from './totals';
import { linkCancel, linkGet, linkReschedule, linkSlots } from './links';
import { BookInput, BookingId, CounselorCancelInput, HoursInput, LinkInput, LinkRescheduleInput, LinkSlotsInput, MarkInput, MineInput, MonthlyTotalsInput, RescheduleInput, SlotsInput } from './schema';

// Section E: HR sees nothing of counseling; admins only the station totals, which name nobody.
const worker = withRoles('grid_worker');
const counselor = withRoles('counselor');
const workerOrCounselor = withRoles('grid_worker', 'counselor');
const adminOrCounselor = withRoles('admin', 'counselor');

export const counselingRouter = router({
  hours: router({
    get: counselor.query(({ ctx }) => getHours(ctx.db, ctx.actor)),
    save: counselor.input(HoursInput).mutation(({ ctx, input }) => saveHours(ctx.db, ctx.actor, input, ctx.requestId))
  }),
  slots: workerOrCounselor.input(SlotsInput).query(({ ctx, input }) => listSlots(ctx.db, ctx.actor, input)),
  book: worker.input(BookInput).mutation(({ ctx, input }) => book(ctx.db, ctx.actor, input, ctx.requestId)),
  cancel: worker.input(BookingId).mutation(({ ctx, input }) => cancelBooking(ctx.db, input.bookingId, { workerId: ctx.actor.userId }, ctx.requestId)),
  reschedule: worker
    .input(RescheduleInput)
    .mutation(({ ctx, input }) => rescheduleBooking(ctx.db, input.bookingId, { workerId: ctx.actor.userId }, input.startsAt, ctx.requestId)),
  mine: workerOrCounselor.input(MineInput).query(({ ctx, input }) => mine(ctx.db, ctx.actor, input)),
  mark: counselor.input(MarkInput).mutation(({ ctx, input }) => mark(ctx.db, ctx.actor, input, ctx.requestId)),
  cancelByCounselor: counselor.input(CounselorCancelInput).mutation(({ ctx, input }) => cancelByCounselor(ctx.db, ctx.actor, input, ctx.requestId)),
  /** Counts per station and month, small months suppressed: admins and counselors over the unit. */
  monthlyTotals: adminOrCounselor.input(MonthlyTotalsInput).query(({ ctx, input }) => monthlyTotals(ctx.db, ctx.actor, input)),
  // The link in the worker's mail names the booking; only the booking's own worker, signed in, may
  // use it (a mail can be read by others). Anyone else signed in gets NOT_FOUND, whatever their role.
  byLink: router({
    get: authed.input(LinkInput).query(({ ctx, input }) => linkGet(ctx.db, ctx.actor, input.token)),
    slots: authed.input(LinkSlotsInput).query(({ ctx, input }) => linkSlots(ctx.db, ctx.actor, input.token, input.from, input.to)),
    cancel: authed.input(LinkInput).mutation(({ ctx, input }) => linkCancel(ctx.db, ctx.actor, input.token, ctx.requestId)),
    reschedule: authed.input(LinkRescheduleInput).mutation(({ ctx, input }) => linkReschedule(ctx.db, ctx.actor, input.token, input.startsAt, ctx.requestId))
  })
});
