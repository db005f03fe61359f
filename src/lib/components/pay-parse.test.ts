import { describe, expect, it } from 'vitest';
import { coefficientText, parseCoefficient, parseSignedYuan } from './pay-parse';
import { addMonths, isMonth } from './pay-month';

describe('what HR types for pay, as whole numbers', () => {
  it('reads coefficients as thousandths and writes them back as typed', () => {
    expect(parseCoefficient('1.2')).toBe(1200);
    expect(parseCoefficient(' 0.85 ')).toBe(850);
    expect(parseCoefficient('1')).toBe(1000);
    expect(parseCoefficient('1.005')).toBe(1005);
    for (const bad of ['', '1.2345', '-1', '1,2', 'abc', '.5']) expect(parseCoefficient(bad)).toBeUndefined();
    expect(coefficientText(1200)).toBe('1.2');
    expect(coefficientText(1000)).toBe('1.0');
    expect(coefficientText(850)).toBe('0.85');
    expect(coefficientText(1005)).toBe('1.005');
  });

  it('reads signed yuan for corrections without floats', () => {
    expect(parseSignedYuan('-120.5')).toBe(-12050);
    expect(parseSignedYuan('+300')).toBe(30000);
    expect(parseSignedYuan('1,234.56')).toBe(123456);
    expect(parseSignedYuan('− 0.01')).toBe(-1);
    // 0.29 yuan is 29 fen exactly, though 0.29 * 100 is 28.999… in binary.
    expect(parseSignedYuan('0.29')).toBe(29);
    for (const bad of ['', '-', '1.234', '--1', 'abc', '1e3']) expect(parseSignedYuan(bad)).toBeUndefined();
  });

  it('steps months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(isMonth('2026-04')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
  });
});
