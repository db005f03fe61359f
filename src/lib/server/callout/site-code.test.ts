import { describe, expect, it } from 'vitest';
import { codeFor, codeIsValid, currentCode, minuteOf } from './site-code';

const secret = 'ab'.repeat(32);
const id = '0b9f2c52-4a39-4b43-9a55-6f1d3c1a0001';

describe('the on-site code', () => {
  it('is six digits that change every minute and differ between callouts', () => {
    const t = Date.UTC(2026, 10, 25, 2, 0, 30);
    const now = currentCode(secret, id, t).code;
    expect(now).toMatch(/^\d{6}$/);
    expect(currentCode(secret, id, t + 60_000).code).not.toBe(now);
    expect(codeFor(secret, id.replace('0001', '0002'), minuteOf(t))).not.toBe(now);
  });

  it('accepts this minute and the previous one, nothing older and nothing made up', () => {
    const t = Date.UTC(2026, 10, 25, 2, 0, 5);
    const code = currentCode(secret, id, t).code;
    expect(codeIsValid(secret, id, code, t)).toBe(true);
    expect(codeIsValid(secret, id, code, t + 60_000)).toBe(true);
    expect(codeIsValid(secret, id, code, t + 120_000)).toBe(false);
    expect(codeIsValid(secret, id, code === '000000' ? '000001' : '000000', t)).toBe(false);
  });
});
