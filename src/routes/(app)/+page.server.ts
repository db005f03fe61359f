import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  const actor = locals.actor!;
  return {
    name: actor.name,
    memberships: actor.memberships.map(({ id, role, unitName, unitLevel }) => ({ id, role, unitName, unitLevel }))
  };
};
