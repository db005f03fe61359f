import { formatYuan, parseYuan } from '$lib/money';
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

/** "1.2" → 1200 thousandths; undefined for anything but a plain decimal with up to three places. */
export function parseCoefficient(text: string): number | undefined {
  const m = /^(\d{1,2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

/** 1200 → "1.2", 1000 → "1.0": whole-number arithmetic, shown as the decimal HR typed. */
export function coefficientText(thousandths: number): string {
  const whole = Math.floor(thousandths / 1000);
  const frac = String(thousandths % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${whole}.${frac || '0'}`;
}

/** Entered 元 with an optional sign ("-120.5", "+300") → signed fen; undefined for anything else. */
export function parseSignedYuan(text: string): number | undefined {
  const m = /^\s*([+\-−]?)\s*(.+)$/.exec(text);
  if (!m) return undefined;
  const fen = parseYuan(m[2]!);
  if (fen === undefined) return undefined;
  return m[1] === '-' || m[1] === '−' ? -fen : fen;
}
