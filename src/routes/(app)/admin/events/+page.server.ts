import type { PageServerLoad } from './$types';
import { listManagedEvents } from '$lib/server/event/events';
import { listThemes } from '$lib/server/event/themes';
import { shanghaiToday } from '$lib/components/shanghai-dates';
import { adminUnits } from './admin-units.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:events');
  const actor = locals.actor!;
  const year = Number(shanghaiToday().slice(0, 4));
  return {
    events: await listManagedEvents(locals.db, actor),
    units: await adminUnits(locals.db, actor),
    // The new-event form starts in this year; it fetches another year's themes when the start moves there.
    themes: await listThemes(locals.db, actor, year),
    themesYear: year
  };
};
