import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { listSlots } from '$lib/server/counseling/availability';
import { mine } from '$lib/server/counseling/bookings';
import { slotRange } from '$lib/components/counseling-format';

export const load: PageServerLoad = async ({ locals, depends, setHeaders }) => {
  depends('app:counseling');
  const actor = locals.actor!;
  // Whom someone sees a counselor with is nobody else's business: not for shared caches either.
  setHeaders({ 'cache-control': 'private, no-store' });
  try {
    if (!hasRole(actor, ['grid_worker'])) throw new DomainError('FORBIDDEN');
    const [counselors, upcoming, past] = await Promise.all([
      listSlots(locals.db, actor, slotRange()),
      mine(locals.db, actor, { when: 'upcoming' }),
      mine(locals.db, actor, { when: 'past' })
    ]);
    return { counselors, upcoming: upcoming.bookings, past: past.bookings };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
