import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import type { UserError } from '$lib/errors';
import type { Locale } from '$lib/types';

declare global {
  namespace App {
    interface Locals {
      db: Db;
      actor: Actor | null;
      locale: Locale;
      requestId: string;
    }
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Error extends Partial<UserError> {
      message: string;
    }
  }
}

export {};
