import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { SetPasswordWithLinkInput } from '$lib/server/auth/schema';
import { passwordLinkState, setPasswordWithLink } from '$lib/server/auth/password-link';
import { invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { runAction } from '$lib/server/form';

/**
 * The page behind an invite or reset mail. A mail client may open the link to preview it, so this
 * GET only says what the link is; the password is set by the form.
 */
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
  setHeaders({ 'cache-control': 'private, no-store', 'x-robots-tag': 'noindex' });
  return { link: await passwordLinkState(locals.db, params.token.slice(0, 200)) };
};

const SetPasswordForm = SetPasswordWithLinkInput.extend({ repeat: z.string().max(128) }).refine((f) => f.password === f.repeat, {
  error: 'password.mismatch',
  path: ['repeat']
});

export const actions: Actions = {
  default: async (event) => {
    const { failure, result } = await runAction(event, SetPasswordForm, (f) => ({ ...f, token: event.params.token }), (input) =>
      setPasswordWithLink(event.locals.db, { token: input.token, password: input.password }, event.locals.requestId)
    );
    if (failure) {
      // The repeated password is not sent back either.
      delete (failure.data.values as Record<string, unknown>).repeat;
      return failure;
    }
    if (event.locals.actor) await invalidateSession(event.locals.db, event.locals.actor.sessionId);
    setSessionCookie(event.cookies, result.token, result.expiresAt, event.url.protocol === 'https:');
    redirect(303, '/');
  }
};
