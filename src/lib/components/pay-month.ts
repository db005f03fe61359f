import { shanghaiToday } from './shanghai-dates';

/** This month in Shanghai, 'YYYY-MM'. */
export function thisMonth(now = new Date()): string {
  return shanghaiToday(now).slice(0, 7);
}

/** 'YYYY-MM' shifted by whole months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}
