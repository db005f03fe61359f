import { authed, router } from '../trpc';
import { UpdateProfileInput } from './schema';
import * as profile from './service';

export const profileRouter = router({
  get: authed.query(({ ctx }) => profile.getProfile(ctx.db, ctx.actor)),
  update: authed.input(UpdateProfileInput).mutation(({ ctx, input }) => profile.updateProfile(ctx.db, ctx.actor, input))
});
