import type { PageServerLoad } from './$types';
import { listThemes } from '$lib/server/event/themes';
import { shanghaiToday } from '$lib/components/shanghai-dates';
import { adminUnits } from '../events/admin-units.server';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:themes');
  const actor = locals.actor!;
  const thisYear = Number(shanghaiToday().slice(0, 4));
  const asked = Number(url.searchParams.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : thisYear;
  return {
    year,
    thisYear,
    themes: await listThemes(locals.db, actor, year),
    units: await adminUnits(locals.db, actor),
    // The shared plan every unit sees is the city admins' (DESIGN B).
    cityAdmin: actor.memberships.some((m) => m.role === 'admin' && m.unitLevel === 'city')
  };
};
