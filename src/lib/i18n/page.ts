import { page } from '$app/state';
import { DEFAULT_LOCALE, formatDateTime, isLocale, translate, type MessageKey, type Params } from './core';
import type { Locale } from '../types';

/** The locale of the page being shown (the root layout puts it in page data). */
export function currentLocale(): Locale {
  const l = (page.data as { locale?: unknown }).locale;
  return isLocale(l) ? l : DEFAULT_LOCALE;
}

/** Translate in components; reactive because it reads page state. */
export function t(key: MessageKey, params?: Params): string {
  return translate(currentLocale(), key, params);
}

export function dateTime(value: Date | string): string {
  return formatDateTime(currentLocale(), value);
}
