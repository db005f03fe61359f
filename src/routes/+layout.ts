import type { LayoutLoad } from './$types';
import { registerDictionary } from '$lib/i18n/core';

/** The English dictionary is fetched only for pages shown in English. */
export const load: LayoutLoad = async ({ data }) => {
  if (data.locale === 'en') registerDictionary('en', (await import('$lib/i18n/en')).en);
  return data;
};
