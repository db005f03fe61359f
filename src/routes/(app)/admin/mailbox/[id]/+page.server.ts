import type { PageServerLoad } from './$types';
import { getMailboxMessage } from '$lib/server/mail/mailbox';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    assertUuid(params.id);
    return { message: await getMailboxMessage(locals.db, locals.actor!, params.id) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
