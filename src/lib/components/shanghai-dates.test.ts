import { describe, expect, it } from 'vitest';
import { eventTimes, fromShanghaiInput, shanghaiToday, themeDates, toShanghaiInput } from './shanghai-dates';

describe('dates of the plan', () => {
  it('a theme span reads as days, with years only when it leaves the year shown', () => {
    expect(themeDates('zh-CN', '2026-03-01', '2026-03-31', 2026)).toBe('3月1日–3月31日');
    expect(themeDates('en', '2026-03-01', '2026-03-31', 2026)).toBe('Mar 1–Mar 31');
    expect(themeDates('zh-CN', '2026-12-20', '2027-01-10', 2026)).toBe('2026年12月20日–2027年1月10日');
    expect(themeDates('zh-CN', '2026-09-01', '2026-09-01')).toBe('9月1日');
  });

  it('an event is shown in Beijing time, one date when it stays within a day', () => {
    expect(eventTimes('zh-CN', '2026-06-03T01:00:00Z', '2026-06-03T03:30:00Z')).toBe('2026年6月3日周三 09:00–11:30');
    expect(eventTimes('zh-CN', '2026-06-03T15:00:00Z', '2026-06-04T01:00:00Z')).toBe('2026年6月3日周三 23:00 – 2026年6月4日周四 09:00');
  });

  it('datetime-local values are Beijing wall-clock time both ways', () => {
    expect(fromShanghaiInput('2026-06-03T09:00')).toBe('2026-06-03T09:00:00+08:00');
    expect(fromShanghaiInput('')).toBe('');
    expect(toShanghaiInput('2026-06-03T01:00:00Z')).toBe('2026-06-03T09:00');
    expect(shanghaiToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });
});
