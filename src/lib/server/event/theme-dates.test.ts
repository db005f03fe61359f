import { describe, expect, it } from 'vitest';
import { dayAfter, occurrences, spansOverlap } from './theme-dates';

const march = { startsOn: '2026-03-01', endsOn: '2026-03-31', repeatsYearly: true };

describe('theme dates', () => {
  it('a yearly theme comes back every year from its first year, not before', () => {
    expect(occurrences(march, '2025-01-01', '2028-12-31').map((o) => o.startsOn)).toEqual(['2026-03-01', '2027-03-01', '2028-03-01']);
  });

  it('a span across new year shows in the month view of January', () => {
    const winter = { startsOn: '2026-12-28', endsOn: '2027-01-03', repeatsYearly: true };
    expect(occurrences(winter, '2028-01-01', '2028-01-31')).toEqual([{ year: 2027, startsOn: '2027-12-28', endsOn: '2028-01-03' }]);
  });

  it('29 February falls back to the 28th in other years', () => {
    const leap = { startsOn: '2028-02-29', endsOn: '2028-02-29', repeatsYearly: true };
    expect(occurrences(leap, '2029-02-01', '2029-02-28')[0]?.startsOn).toBe('2029-02-28');
  });

  it('a one-off theme shows only where it is', () => {
    const once = { startsOn: '2026-06-01', endsOn: '2026-06-07', repeatsYearly: false };
    expect(occurrences(once, '2026-06-07', '2026-06-30')).toHaveLength(1);
    expect(occurrences(once, '2027-06-01', '2027-06-30')).toHaveLength(0);
  });

  it('overlap is found across years of a yearly theme', () => {
    expect(spansOverlap(march, { startsOn: '2030-03-20', endsOn: '2030-04-05', repeatsYearly: false })).toBe(true);
    expect(spansOverlap(march, { startsOn: '2025-03-20', endsOn: '2025-04-05', repeatsYearly: false })).toBe(false);
    expect(spansOverlap(march, { startsOn: '2027-04-01', endsOn: '2027-04-30', repeatsYearly: true })).toBe(false);
  });

  it('all-day ends are exclusive the day after', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
  });
});
