import type { PageServerLoad } from './$types';
import { getMailboxMessage } from '$lib/server/mail/mailbox';
import { DomainError } from '$lib/server/domain-error';
import { rethrowForPage } from '../http-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    // A malformed id would reach PostgreSQL as a cast error (a 500); it is simply not there.
    if (!UUID.test(params.id)) throw new DomainError('NOT_FOUND');
    return { message: await getMailboxMessage(locals.db, locals.actor!, params.id) };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
