import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { clearSessionCookie, invalidateSession } from '$lib/server/auth/session';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies, url }) => {
    if (locals.actor) await invalidateSession(locals.db, locals.actor.sessionId);
    clearSessionCookie(cookies, url.protocol === 'https:');
    redirect(303, '/login?out');
  }
};
