import { formatYuan } from '$lib/money';
import { currentLocale, t } from '$lib/i18n/page';

/** Integer fen as the page shows money: "3,500.00 元" (never through a float). */
export function yuan(fen: number): string {
  return t('pay.amount', { amount: formatYuan(fen) });
}

/** A change of money with its sign always written: "+120.00 元", "-35.50 元". */
export function signedYuan(fen: number): string {
  return t('pay.amount', { amount: `${fen > 0 ? '+' : ''}${formatYuan(fen)}` });
}

/** 'YYYY-MM' or a month's first day → "2026年5月" / "May 2026". */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(currentLocale(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Minutes as "2 小时 30 分钟". */
export function hoursMinutes(minutes: number): string {
  return t('pay.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
