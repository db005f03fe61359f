import type { PageServerLoad } from './$types';
import { getProfile } from '$lib/server/profile/service';
import { publicTree } from '$lib/server/org/service';
import { optionsOfLevel } from '$lib/server/org/options';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:profile');
  const profile = await getProfile(locals.db, locals.actor!);
  return { profile, communities: optionsOfLevel(await publicTree(locals.db), 'community') };
};
