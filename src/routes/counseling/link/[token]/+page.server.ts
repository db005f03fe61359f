import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { linkGet } from '$lib/server/counseling/links';

/**
 * The page behind the link in a booking mail. The link names the booking but is no credential (a
 * mail can be read by others): signed out, the page asks the person to sign in and comes back here;
 * signed in, it shows the booking only to its own worker. A mail client may open the link to preview
 * it, so this GET only shows; changes go through the API.
 */
export const load: PageServerLoad = async ({ locals, params, setHeaders, url }) => {
  // Neither caches nor search engines keep a page that a token opens.
  setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
  const actor = locals.actor;
  if (!actor) return { token: params.token, booking: null, signIn: { next: url.pathname, expired: locals.sessionExpired }, signedInAs: null };
  try {
    return { token: params.token, booking: await linkGet(locals.db, actor, params.token), signIn: null, signedInAs: actor.name };
  } catch (err) {
    // Forged, from before a change, gone, or someone else's: one plain answer for all.
    if (err instanceof DomainError && (err.code === 'COUNSELING_LINK_INVALID' || err.code === 'NOT_FOUND')) return { token: params.token, booking: null, signIn: null, signedInAs: actor.name };
    throw err;
  }
};
