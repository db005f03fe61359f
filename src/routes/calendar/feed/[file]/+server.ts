import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { feedItems, feedOwner } from '$lib/server/calendar/feed';
import { toIcs } from '$lib/server/calendar/ics';
import { icsResponse } from '$lib/server/calendar/ics-response';

/**
 * The private feed calendar apps poll, without a session: the signed token is the key.
 * Unknown, forged and revoked tokens all get the same bare 404.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const token = params.file.endsWith('.ics') ? params.file.slice(0, -4) : '';
  const userId = token ? await feedOwner(locals.db, token) : undefined;
  if (!userId) error(404, { code: 'NOT_FOUND', message: 'Not Found' });
  return icsResponse(toIcs('网格通', await feedItems(locals.db, userId, url.origin)), 'gridcall.ics', false);
};
