import { zhCN, type MessageKey } from './zh-CN';
import type { Locale } from '../types';

/**
 * Translation without the English dictionary: browsers load it only when the page is in English
 * (root +layout.ts registers it); the server registers it at start (index.ts).
 */

export type { MessageKey, Locale };
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const TIME_ZONE = 'Asia/Shanghai';

const dictionaries: Partial<Record<Locale, Record<MessageKey, string>>> = { 'zh-CN': zhCN };

export function registerDictionary(locale: Locale, dictionary: Record<MessageKey, string>): void {
  dictionaries[locale] = dictionary;
}

export type Params = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && value in zhCN;
}

/** Looks a message up and fills {placeholders}; an unknown placeholder is left as written. */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = dictionaries[locale]?.[key] ?? zhCN[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the first supported language from an Accept-Language header, zh-CN otherwise. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  for (const part of header.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}

/** Times are stored as timestamptz and always shown in Asia/Shanghai, whatever the device's zone. */
export function formatDateTime(locale: Locale, value: Date | string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false
  }).format(new Date(value));
}
