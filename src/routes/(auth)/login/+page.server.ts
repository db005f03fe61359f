import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { login } from '$lib/server/auth/service';
import { LoginInput } from '$lib/server/auth/schema';
import { invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { runAction } from '$lib/server/form';
import { sameSitePath } from '$lib/server/auth/next-path';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.actor) redirect(303, '/');
  return { expired: url.searchParams.has('expired'), loggedOut: url.searchParams.has('out') };
};

export const actions: Actions = {
  default: async (event) => {
    const { failure, result } = await runAction(event, LoginInput, (f) => f, (input) => login(event.locals.db, input, event.getClientAddress()));
    if (failure) return failure;
    if (event.locals.actor) await invalidateSession(event.locals.db, event.locals.actor.sessionId);
    setSessionCookie(event.cookies, result.token, result.expiresAt, event.url.protocol === 'https:');
    redirect(303, sameSitePath(event.url.searchParams.get('next')));
  }
};
