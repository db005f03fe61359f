import { error } from '@sveltejs/kit';
import { DomainError } from '$lib/server/domain-error';
import { translate } from '$lib/i18n';
import type { Locale } from '$lib/types';

/** A load's expected refusals become their HTTP status (403, 404); anything else stays unexpected. */
export function rethrowForPage(err: unknown, locale: Locale): never {
  if (err instanceof DomainError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) {
    error(err.code === 'FORBIDDEN' ? 403 : 404, { code: err.code, message: translate(locale, `error.${err.code}`) });
  }
  throw err;
}
