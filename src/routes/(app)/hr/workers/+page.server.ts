import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { listWorkers } from '$lib/server/worker/service';
import { WORKER_STATUSES, type WorkerStatus } from '$lib/server/worker/schema';
import { assertHr, hrUnits } from './hr-scope.server';

const PAGE_SIZE = 30;

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:workers');
  const actor = locals.actor!;
  try {
    assertHr(actor);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  const { units } = await hrUnits(locals.db, actor);
  const asked = url.searchParams.get('unit');
  const unit = units.find((u) => u.id === asked)?.id ?? '';
  const statusParam = url.searchParams.get('status') as WorkerStatus;
  const status: WorkerStatus = WORKER_STATUSES.includes(statusParam) ? statusParam : 'active';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 60);
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1)));
  const { items, total } = await listWorkers(locals.db, actor, {
    unitId: unit || undefined, status, search: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE
  });
  return { units, statuses: WORKER_STATUSES, filter: { unit, status, q }, items, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
};
