import { describe, expect, it } from 'vitest';
// Registers the English dictionary, as the root layout does for a page shown in English.
import '$lib/i18n';
import { byDay, clockRange, dayParts, shanghaiDay, slotRange, whereText } from './counseling-format';

describe('counseling times on screen', () => {
  it('groups slots by the Shanghai day, whatever the UTC date', () => {
    const slot = (startsAt: string) => ({ startsAt, endsAt: new Date(Date.parse(startsAt) + 50 * 60_000).toISOString() });
    // 16:30 UTC on the 4th is 00:30 on the 5th in Shanghai.
    const days = byDay([slot('2026-03-05T01:00:00Z'), slot('2026-03-04T16:30:00Z'), slot('2026-03-04T08:00:00Z')]);
    expect(days.map((d) => [d.day, d.slots.length])).toEqual([['2026-03-04', 1], ['2026-03-05', 2]]);
    expect(days[1]!.slots.map(clockRange)).toEqual(['00:30–01:20', '09:00–09:50']);
    expect(shanghaiDay('2026-03-04T15:59:00Z')).toBe('2026-03-04');
  });

  it('names today and tomorrow, other days by weekday', () => {
    const now = new Date('2026-03-04T17:00:00Z'); // 01:00 on Thursday 5 March in Shanghai
    expect(dayParts('zh-CN', '2026-03-05', now).weekday).toBe('今天');
    expect(dayParts('en', '2026-03-06', now).weekday).toBe('Tomorrow');
    expect(dayParts('zh-CN', '2026-03-09', now)).toEqual({ weekday: '周一', date: '3月9日' });
  });

  it('says where, and asks for eight weeks of slots at most', () => {
    expect(whereText('zh-CN', { mode: 'online', place: '腾讯会议' })).toBe('线上（腾讯会议）');
    expect(whereText('zh-CN', { mode: 'place', place: '心灵驿站' })).toBe('心灵驿站');
    const r = slotRange(0);
    expect(Date.parse(r.to) - Date.parse(r.from)).toBe(56 * 86_400_000);
  });
});
