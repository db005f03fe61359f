import { authed, router } from '../trpc';
import { RangeInput } from './schema';
import { calendarRange } from './range';
import { myFeed, regenerateFeed } from './feed';

export const calendarRouter = router({
  range: authed.input(RangeInput).query(({ ctx, input }) => calendarRange(ctx.db, ctx.actor, input)),
  feed: authed.query(({ ctx }) => myFeed(ctx.db, ctx.actor)),
  regenerateFeed: authed.mutation(({ ctx }) => regenerateFeed(ctx.db, ctx.actor, ctx.requestId))
});
