import type { Actions, PageServerLoad } from './$types';
import { verifyLink } from '$lib/server/secrets/link-signing';

// Mail clients open links to preview them, so the GET only asks; the POST unsubscribes.
export const load: PageServerLoad = async ({ locals, params }) => ({
  valid: Boolean(await verifyLink(locals.db, 'unsubscribe', params.token))
});

export const actions: Actions = {
  default: async ({ locals, params }) => {
    const userId = await verifyLink(locals.db, 'unsubscribe', params.token);
    if (!userId) return { done: false };
    await locals.db.updateTable('appUser').set({ calloutMail: false }).where('id', '=', userId).execute();
    return { done: true };
  }
};
