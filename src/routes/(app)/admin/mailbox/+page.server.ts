import type { PageServerLoad } from './$types';
import { listMailbox } from '$lib/server/mail/mailbox';
import { rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:mailbox');
  try {
    return { messages: await listMailbox(locals.db, locals.actor!, 100, 0) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
