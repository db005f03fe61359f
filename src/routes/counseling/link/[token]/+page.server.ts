import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { linkGet } from '$lib/server/counseling/links';

/**
 * The page behind the link in a booking mail: no sign-in, the signed token is the credential. A mail
 * client may open the link to preview it, so this GET only shows; changes go through the API.
 */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  // Neither caches nor search engines keep a page that a token opens.
  setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
  try {
    return { token: params.token, booking: await linkGet(locals.db, params.token) };
  } catch (err) {
    // Forged, from before a change, or about a booking that is gone: one plain answer for all.
    if (err instanceof DomainError && (err.code === 'COUNSELING_LINK_INVALID' || err.code === 'NOT_FOUND')) return { token: params.token, booking: null };
    throw err;
  }
};
