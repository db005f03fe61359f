import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { verifyCertificate } from '$lib/server/certificate/service';

/** Public: anyone holding a certificate's code can check it; only the masked name and totals are shown. */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  setHeaders({ 'cache-control': 'no-store', 'x-robots-tag': 'noindex' });
  try {
    return { certificate: await verifyCertificate(locals.db, params.code) };
  } catch (err) {
    if (err instanceof DomainError) return { certificate: null };
    throw err;
  }
};
