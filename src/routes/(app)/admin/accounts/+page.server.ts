import type { PageServerLoad } from './$types';
import { listAccounts } from '$lib/server/account/service';
import { adminTree } from '$lib/server/org/service';
import { sortTree } from '$lib/sort-tree';
import { unitOptions } from './unit-options';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:accounts');
  const actor = locals.actor!;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 60);
  const people = await listAccounts(locals.db, actor, { search: q || undefined, limit: PAGE_SIZE, offset: 0 });
  const units = unitOptions(sortTree(await adminTree(locals.db, actor)));
  return { q, people, limited: people.length === PAGE_SIZE, pageSize: PAGE_SIZE, units };
};
