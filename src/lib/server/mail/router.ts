import { z } from 'zod';
import { router, withRoles } from '../trpc';
import { Id } from '../auth/schema';
import { getMailboxMessage, listMailbox } from './mailbox';

const Page = z.object({ limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).max(100_000).default(0) });

export const mailboxRouter = router({
  list: withRoles('admin').input(Page).query(({ ctx, input }) => listMailbox(ctx.db, ctx.actor, input.limit, input.offset)),
  get: withRoles('admin').input(z.object({ id: Id })).query(({ ctx, input }) => getMailboxMessage(ctx.db, ctx.actor, input.id))
});
