import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { getHours } from '$lib/server/counseling/hours';
import { mine } from '$lib/server/counseling/bookings';

/**
 * The portal the counseling mails link to. A counselor finds their hours and their own sessions
 * here; a grid worker their own bookings. HR and admins see nothing of counseling (DESIGN E).
 */
export const load: PageServerLoad = async ({ locals, depends, setHeaders }) => {
  depends('app:counseling');
  const actor = locals.actor!;
  setHeaders({ 'cache-control': 'private, no-store' });
  try {
    const isCounselor = hasRole(actor, ['counselor']);
    const isWorker = hasRole(actor, ['grid_worker']);
    if (!isCounselor && !isWorker) throw new DomainError('FORBIDDEN');
    // mine() answers as both roles at once: sessions for a counselor, bookings for a grid worker.
    const [hours, upcoming, past] = await Promise.all([
      isCounselor ? getHours(locals.db, actor) : null,
      mine(locals.db, actor, { when: 'upcoming' }),
      mine(locals.db, actor, { when: 'past' })
    ]);
    return {
      counselor: hours ? { hours, upcoming: upcoming.sessions, past: past.sessions } : null,
      worker: isWorker ? { upcoming: upcoming.bookings, past: past.bookings } : null
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
