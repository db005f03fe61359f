import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  me: locals.actor
    ? {
        name: locals.actor.name,
        roles: [...new Set(locals.actor.memberships.map((m) => m.role))]
      }
    : null
});
