import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import type { UserError } from '$lib/errors';
import type { Locale } from '$lib/types';

declare global {
  namespace App {
    interface Locals {
      db: Db;
      actor: Actor | null;
      /** A session cookie came with the request but its session has ended. */
      sessionExpired: boolean;
      /** The database could not be reached to check the session (API calls answer 503). */
      databaseUnavailable?: boolean;
      locale: Locale;
      requestId: string;
    }
    interface Error extends Partial<UserError> {
      message: string;
    }
  }
}

export {};
