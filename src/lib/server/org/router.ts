import { publicProcedure, router, withRoles } from '../trpc';
import { CreateUnitInput, RenameUnitInput, UnitIdInput } from './schema';
import * as org from './service';

export const orgRouter = router({
  tree: publicProcedure.query(({ ctx }) => org.publicTree(ctx.db)),
  adminTree: withRoles('admin').query(({ ctx }) => org.adminTree(ctx.db, ctx.actor)),
  create: withRoles('admin').input(CreateUnitInput).mutation(({ ctx, input }) => org.createUnit(ctx.db, ctx.actor, input, ctx.requestId)),
  rename: withRoles('admin').input(RenameUnitInput).mutation(({ ctx, input }) => org.renameUnit(ctx.db, ctx.actor, input, ctx.requestId)),
  remove: withRoles('admin').input(UnitIdInput).mutation(({ ctx, input }) => org.removeUnit(ctx.db, ctx.actor, input.id, ctx.requestId))
});
