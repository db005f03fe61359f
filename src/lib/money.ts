/**
 * Money is integer fen (分) everywhere. These helpers turn it into 元 text and back without
 * ever going through a binary fraction.
 */

/** 350012 → "3,500.12"; negative amounts keep their sign. */
export function formatYuan(fen: number, grouping = true): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${grouping ? yuan.toLocaleString('en-US') : String(yuan)}.${cents}`;
}

/** "3500", "3,500.5", "3500.05" → fen; undefined for anything else (more than 2 decimals, letters, negative). */
export function parseYuan(text: string): number | undefined {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
