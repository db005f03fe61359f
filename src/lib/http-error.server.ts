import { error } from '@sveltejs/kit';
import { DomainError } from '$lib/server/domain-error';
import { translate } from '$lib/i18n';
import type { Locale } from '$lib/types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id in a URL would reach PostgreSQL as a cast error (a 500); it is simply not there. */
export function assertUuid(id: string): void {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
}

/** A load's expected refusals become their HTTP status (403, 404); anything else stays unexpected. */
export function rethrowForPage(err: unknown, locale: Locale): never {
  if (err instanceof DomainError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) {
    error(err.code === 'FORBIDDEN' ? 403 : 404, { code: err.code, message: translate(locale, `error.${err.code}`) });
  }
  throw err;
}
