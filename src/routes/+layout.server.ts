import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  me: locals.actor
    ? {
        name: locals.actor.name,
        roles: [...new Set(locals.actor.memberships.map((m) => m.role))],
        // Also after leaving, when the grid-worker role has ended.
        payslips: locals.actor.hasWorkerRecord,
        // The demo mailbox holds everyone's mail: only admins of a whole city may open it.
        cityAdmin: locals.actor.memberships.some((m) => m.role === 'admin' && m.unitLevel === 'city')
      }
    : null
});
