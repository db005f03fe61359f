import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The on-site code (报到码): six digits derived from the callout's secret and the current minute,
 * TOTP-style (RFC 6238 dynamic truncation over HMAC-SHA-256 with a 60 s step). The previous
 * minute's code is accepted too, so a code read at 10:00:59 still works at 10:01:05.
 */
export const STEP_MS = 60_000;

export function codeFor(secret: string, calloutId: string, minute: number): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'hex')).update(`${calloutId}:${minute}`).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

export const minuteOf = (at: number) => Math.floor(at / STEP_MS);

export function currentCode(secret: string, calloutId: string, now = Date.now()) {
  const minute = minuteOf(now);
  return { code: codeFor(secret, calloutId, minute), expiresAt: new Date((minute + 1) * STEP_MS) };
}

export function codeIsValid(secret: string, calloutId: string, code: string, now = Date.now()): boolean {
  const minute = minuteOf(now);
  const given = Buffer.from(code.padStart(6, '0').slice(0, 6));
  return [minute, minute - 1].some((m) => timingSafeEqual(Buffer.from(codeFor(secret, calloutId, m)), given));
}
