import type { PageServerLoad } from './$types';
import { allUnits } from '$lib/server/org/queries';
import { homePaths, isInView } from '$lib/server/event/visibility';
import { myFeed } from '$lib/server/calendar/feed';

export const load: PageServerLoad = async ({ locals }) => {
  const actor = locals.actor!;
  const paths = homePaths(actor);
  const units = await allUnits(locals.db);
  const names = new Map(units.map((u) => [u.id, u.name]));
  // Units above and below the person's own, labelled with their trail: 城东区 › 东湖街道 › 湖滨社区.
  const unitOptions = units
    .filter((u) => isInView(u.path, paths))
    .map((u) => ({ id: u.id, label: u.path.split('/').filter(Boolean).map((id) => names.get(id)).slice(1).join(' › ') || u.name }));
  return { unitOptions, feed: await myFeed(locals.db, actor) };
};
