import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { register } from '$lib/server/auth/service';
import { RegisterInput } from '$lib/server/auth/schema';
import { setSessionCookie } from '$lib/server/auth/session';
import { runAction } from '$lib/server/form';
import { publicTree } from '$lib/server/org/service';
import { optionsOfLevel } from '$lib/server/org/options';

export const load: PageServerLoad = async ({ locals }) => {
  if (locals.actor) redirect(303, '/');
  return { communities: optionsOfLevel(await publicTree(locals.db), 'community') };
};

export const actions: Actions = {
  default: async (event) => {
    const { failure, result } = await runAction(event, RegisterInput, (f) => ({ ...f, locale: event.locals.locale }), (input) =>
      register(event.locals.db, input, { locale: event.locals.locale, requestId: event.locals.requestId })
    );
    if (failure) return failure;
    setSessionCookie(event.cookies, result.token, result.expiresAt, event.url.protocol === 'https:');
    redirect(303, '/');
  }
};
