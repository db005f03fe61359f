import type { PageServerLoad } from './$types';
import { adminTree } from '$lib/server/org/service';
import { sortTree } from '$lib/sort-tree';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:org');
  return { tree: sortTree(await adminTree(locals.db, locals.actor!)) };
};
