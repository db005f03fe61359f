import { router, withRoles } from '../trpc';
import { CreateStaffInput, PasswordInviteInput, GrantRoleInput, ListAccountsInput, LookupInput, RevokeRoleInput } from './schema';
import * as accounts from './service';
import { sendPasswordInvite } from './password-invite';

const admin = withRoles('admin');

export const accountRouter = router({
  list: admin.input(ListAccountsInput).query(({ ctx, input }) => accounts.listAccounts(ctx.db, ctx.actor, input)),
  lookup: admin.input(LookupInput).query(({ ctx, input }) => accounts.lookupAccount(ctx.db, input.identifier)),
  createStaff: admin.input(CreateStaffInput).mutation(({ ctx, input }) => accounts.createStaff(ctx.db, ctx.actor, input, ctx.requestId)),
  grantRole: admin.input(GrantRoleInput).mutation(({ ctx, input }) => accounts.grantRole(ctx.db, ctx.actor, input, ctx.requestId)),
  /** HR for the workers of their units, admins for the accounts of theirs. */
  sendPasswordInvite: withRoles('hr', 'admin')
    .input(PasswordInviteInput)
    .mutation(({ ctx, input }) => sendPasswordInvite(ctx.db, ctx.actor, input.userId, ctx.requestId)),
  revokeRole: admin.input(RevokeRoleInput).mutation(({ ctx, input }) => accounts.revokeRole(ctx.db, ctx.actor, input.membershipId, ctx.requestId))
});
