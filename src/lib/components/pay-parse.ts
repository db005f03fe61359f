import { parseYuan } from '$lib/money';

/** Typed text → whole numbers for the pay API: no binary fractions on the way (docs/pay-rules.md). */

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
