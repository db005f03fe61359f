import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { hasRole } from '$lib/server/org/scope';
import { careerRecord } from '$lib/server/career/record';
import { careerTypes } from '$lib/server/career/desk';

/** The size the server accepts for a certificate scan (certificates.ts), said before uploading. */
const MAX_SCAN_MB = 5;

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:career');
  const actor = locals.actor!;
  try {
    if (!hasRole(actor, ['grid_worker'])) throw new DomainError('FORBIDDEN');
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const { certificateTypes } = await careerTypes(locals.db);
  try {
    return { record: await careerRecord(locals.db, actor), certificateTypes, maxScanMb: MAX_SCAN_MB, today };
  } catch (err) {
    // A grid worker account without an employment record yet: the page says so, nothing more.
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return { record: null, certificateTypes, maxScanMb: MAX_SCAN_MB, today };
    throw err;
  }
};
