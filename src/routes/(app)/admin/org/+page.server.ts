import type { PageServerLoad } from './$types';
import { adminTree } from '$lib/server/org/service';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:org');
  return { tree: await adminTree(locals.db, locals.actor!) };
};
