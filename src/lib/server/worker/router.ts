import { router, withRoles } from '../trpc';
import { ImportInput, ListWorkersInput, SaveWorkerInput, WorkerId } from './schema';
import { getWorker, listWorkers, saveWorker } from './service';
import { importPeople } from './import';

const hr = withRoles('hr');

export const workerRouter = router({
  list: hr.input(ListWorkersInput).query(({ ctx, input }) => listWorkers(ctx.db, ctx.actor, input)),
  get: hr.input(WorkerId).query(({ ctx, input }) => getWorker(ctx.db, ctx.actor, input.userId)),
  save: hr.input(SaveWorkerInput).mutation(({ ctx, input }) => saveWorker(ctx.db, ctx.actor, input, ctx.requestId)),
  /** Workers or volunteers from an .xlsx or CSV file: a report per row; with commit, all rows or none. */
  import: hr.input(ImportInput).mutation(({ ctx, input }) => importPeople(ctx.db, ctx.actor, input, { locale: ctx.locale, requestId: ctx.requestId }))
});
