import { z } from 'zod';
import { router, withRoles } from '../trpc';
import { scopePaths } from '../org/scope';
import { listAudit } from './audit';

const AuditListInput = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0)
});

export const auditRouter = router({
  list: withRoles('admin').input(AuditListInput).query(({ ctx, input }) =>
    listAudit(ctx.db, scopePaths(ctx.actor, ['admin']), input.limit, input.offset)
  )
});
