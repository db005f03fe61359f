import { describe, expect, it } from 'vitest';
import { freeSlots, isoWeekday, localDate, localMidnight, offeredSlots, type CounselorHours, type HoursWindow } from './slots';

const H = 3600_000;
const win = (start: string, end: string, slotMinutes: number, bufferMinutes = 0, mode: 'place' | 'online' = 'place'): HoursWindow => ({
  startMin: Number(start.slice(0, 2)) * 60 + Number(start.slice(3)),
  endMin: Number(end.slice(0, 2)) * 60 + Number(end.slice(3)),
  slotMinutes,
  bufferMinutes,
  mode,
  place: mode === 'place' ? '心灵驿站' : '腾讯会议'
});
function hours(weekly: Record<number, HoursWindow[]>, more: Partial<CounselorHours> = {}): CounselorHours {
  return { minNoticeHours: 0, horizonDays: 90, weekly: [0, 1, 2, 3, 4, 5, 6, 7].map((d) => weekly[d] ?? []), off: new Set(), extra: new Map(), ...more };
}
/** '2026-03-04 14:00' in Shanghai as epoch ms. */
const sh = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();
const starts = (slots: { start: number }[]) => slots.map((s) => iso(s.start));

// 2026-03-04 is a Wednesday.
const WED = '2026-03-04';
const week = (h: CounselorHours, from = sh('2026-03-02 00:00')) => offeredSlots(h, from, from + 7 * 24 * H);

describe('slot generation', () => {
  it('Wednesday 14:00–17:00 in 50-minute slots with a 10-minute break: three slots, in Asia/Shanghai time', () => {
    const slots = week(hours({ 3: [win('14:00', '17:00', 50, 10)] }));
    expect(starts(slots)).toEqual(['2026-03-04T06:00:00.000Z', '2026-03-04T07:00:00.000Z', '2026-03-04T08:00:00.000Z']);
    expect(iso(slots[0]!.end)).toBe('2026-03-04T06:50:00.000Z');
    expect(isoWeekday(WED)).toBe(3);
  });

  it('the buffer spaces the starts, and a slot that would run past the end is not offered', () => {
    expect(starts(week(hours({ 3: [win('14:00', '17:00', 60, 30)] })))).toEqual(['2026-03-04T06:00:00.000Z', '2026-03-04T07:30:00.000Z']);
    expect(week(hours({ 3: [win('14:00', '17:00', 45, 15)] }))).toHaveLength(3);
    expect(week(hours({ 3: [win('14:00', '14:40', 45)] }))).toHaveLength(0);
  });

  it('local early morning belongs to the local date: Thursday 07:00 Shanghai is Wednesday 23:00 UTC', () => {
    const slots = week(hours({ 4: [win('07:00', '08:00', 60)] }));
    expect(starts(slots)).toEqual(['2026-03-04T23:00:00.000Z']);
    expect(localDate(slots[0]!.start)).toBe('2026-03-05');
    expect(localMidnight('2026-03-05')).toBe(Date.parse('2026-03-04T16:00:00Z'));
  });

  it('a day off drops that date’s weekly hours; extra hours add a window; both on one date replace the day', () => {
    const weekly = { 3: [win('14:00', '16:00', 60)] };
    expect(week(hours(weekly, { off: new Set([WED]) }))).toHaveLength(0);
    const extra = new Map([[WED, [win('09:00', '10:00', 60, 0, 'online')]]]);
    const added = week(hours(weekly, { extra }));
    expect(starts(added)).toEqual(['2026-03-04T01:00:00.000Z', '2026-03-04T06:00:00.000Z', '2026-03-04T07:00:00.000Z']);
    expect(added[0]).toMatchObject({ mode: 'online', place: '腾讯会议' });
    expect(starts(week(hours(weekly, { off: new Set([WED]), extra })))).toEqual(['2026-03-04T01:00:00.000Z']);
    // Extra hours on another weekday stand alone.
    expect(week(hours({}, { extra: new Map([['2026-03-06', [win('10:00', '11:00', 30)]]]) }))).toHaveLength(2);
  });

  it('minimum notice: nothing starting sooner than now plus the notice', () => {
    const h = hours({ 3: [win('14:00', '17:00', 50, 10)] }, { minNoticeHours: 24 });
    const now = sh('2026-03-03 15:00');
    expect(starts(freeSlots(h, now, now + 7 * 24 * H, now, []))).toEqual(['2026-03-04T07:00:00.000Z', '2026-03-04T08:00:00.000Z']);
    // Exactly at the notice boundary is still bookable.
    expect(freeSlots(h, now, now + 7 * 24 * H, sh('2026-03-03 14:00'), [])).toHaveLength(3);
  });

  it('horizon: up to the end of the local day `horizonDays` after today', () => {
    const h = hours(Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [win('09:00', '10:00', 60)]])), { horizonDays: 2 });
    const now = sh('2026-03-02 23:30'); // Monday night, Shanghai
    const slots = freeSlots(h, now, now + 14 * 24 * H, now, []);
    expect(slots.map((s) => localDate(s.start))).toEqual(['2026-03-03', '2026-03-04']);
  });

  it('booked times are not free, also when a booking from older hours overlaps two slots', () => {
    const h = hours({ 3: [win('14:00', '17:00', 50, 10)] });
    const from = sh('2026-03-04 00:00');
    const to = from + 24 * H;
    const booked = { start: sh('2026-03-04 15:00'), end: sh('2026-03-04 15:50') };
    expect(starts(freeSlots(h, from, to, from, [booked]))).toEqual(['2026-03-04T06:00:00.000Z', '2026-03-04T08:00:00.000Z']);
    const straddling = { start: sh('2026-03-04 14:30'), end: sh('2026-03-04 15:20') };
    expect(starts(freeSlots(h, from, to, from, [straddling]))).toEqual(['2026-03-04T08:00:00.000Z']);
    // A booking that ends as a slot starts does not block it.
    expect(freeSlots(h, from, to, from, [{ start: sh('2026-03-04 13:00'), end: sh('2026-03-04 14:00') }])).toHaveLength(3);
  });

  it('the range is half-open on starts and spans local dates correctly', () => {
    const h = hours({ 3: [win('14:00', '17:00', 50, 10)] });
    expect(offeredSlots(h, sh('2026-03-04 15:00'), sh('2026-03-04 16:00'))).toHaveLength(1);
    expect(offeredSlots(h, sh('2026-03-04 15:00') + 1, sh('2026-03-04 16:00') + 1)).toHaveLength(1);
    expect(starts(offeredSlots(h, sh('2026-03-04 15:00') + 1, sh('2026-03-04 16:00') + 1))).toEqual(['2026-03-04T08:00:00.000Z']);
  });

  it('twenty counselors over eight weeks are generated in a few milliseconds', () => {
    const h = hours(Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [win('08:00', '12:00', 30, 0), win('14:00', '18:00', 30, 0)]])));
    const from = sh('2026-03-02 00:00');
    const t0 = performance.now();
    let n = 0;
    for (let c = 0; c < 20; c++) n += freeSlots(h, from, from + 56 * 24 * H, from, []).length;
    expect(n).toBe(20 * 40 * 16);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
