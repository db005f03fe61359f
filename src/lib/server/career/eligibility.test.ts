import { describe, expect, it } from 'vitest';
import type { RuleCondition } from '../db/tables/career';
import { evaluateRule, streak, yearsOfService, type WorkerFacts } from './eligibility';

const deputy = { targetPosition: '社区副站长', conditions: [{ kind: 'consecutive_rating', result: 'excellent', years: 3 }] as RuleCondition[] };
const civilService = {
  targetPosition: '街道事业编定向招聘',
  conditions: [{ kind: 'consecutive_rating', result: 'excellent', years: 5 }, { kind: 'education_min', level: 'college' }] as RuleCondition[]
};
const names = { certificate: (code: string) => (code === 'social_worker_mid' ? '社会工作师（中级）' : code) };
const years = (list: [number, 'excellent' | 'qualified'][]) => list.map(([year, result]) => ({ year, result }));
const base: WorkerFacts = { appraisals: [], education: 'college', certificateTypes: [], hireDate: '2018-09-01', today: '2026-11-25' };

describe('promotion eligibility', () => {
  it('three consecutive years 优秀 make a 社区副站长 candidate, with the reason in words', () => {
    const verdict = evaluateRule(deputy, { ...base, appraisals: years([[2024, 'excellent'], [2025, 'excellent'], [2026, 'excellent']]) }, names, 'zh-CN');
    expect(verdict).toEqual({ eligible: true, summary: '符合条件：可社区副站长', checks: [{ met: true, text: '连续 3 年考核优秀（2024–2026 年）' }] });
  });

  it('a gap year breaks "consecutive"; the missing years are counted', () => {
    const gap = years([[2022, 'excellent'], [2023, 'excellent'], [2025, 'excellent'], [2026, 'excellent']]);
    expect(streak(gap, 'excellent')).toEqual({ years: 2, from: 2025, to: 2026 });
    const verdict = evaluateRule(deputy, { ...base, appraisals: gap }, names, 'zh-CN');
    expect(verdict.eligible).toBe(false);
    expect(verdict.checks[0]!.text).toBe('需连续 3 年考核优秀，目前连续 2 年，还差 1 年优秀');
    // A 合格 year in between breaks it just the same.
    expect(streak(years([[2024, 'excellent'], [2025, 'qualified'], [2026, 'excellent']]), 'excellent').years).toBe(1);
  });

  it('the latest year must be 优秀 for a streak to count', () => {
    expect(streak(years([[2024, 'excellent'], [2025, 'excellent'], [2026, 'qualified']]), 'excellent').years).toBe(0);
  });

  it('five years 优秀 with 大专 qualify for the 事业编 recruitment; with 中专 they do not', () => {
    const five = years([[2022, 'excellent'], [2023, 'excellent'], [2024, 'excellent'], [2025, 'excellent'], [2026, 'excellent']]);
    expect(evaluateRule(civilService, { ...base, appraisals: five }, names, 'zh-CN').eligible).toBe(true);
    const vocational = evaluateRule(civilService, { ...base, appraisals: five, education: 'vocational' }, names, 'zh-CN');
    expect(vocational.eligible).toBe(false);
    expect(vocational.checks.map((c) => [c.met, c.text])).toEqual([
      [true, '连续 5 年考核优秀（2022–2026 年）'],
      [false, '需大专及以上学历（本人：中专）']
    ]);
    expect(evaluateRule(civilService, { ...base, appraisals: five, education: 'bachelor' }, names, 'zh-CN').eligible).toBe(true);
    expect(evaluateRule(civilService, { ...base, appraisals: five, education: null }, names, 'zh-CN').checks[1]!.text).toBe('需大专及以上学历（本人：未登记）');
  });

  it('certificate and years-of-service conditions, and English', () => {
    const rule = { targetPosition: 'senior grid worker', conditions: [{ kind: 'certificate', typeCode: 'social_worker_mid' }, { kind: 'years_of_service', years: 10 }] as RuleCondition[] };
    const verdict = evaluateRule(rule, { ...base, certificateTypes: ['social_worker_mid'] }, names, 'en');
    expect(verdict.checks.map((c) => c.text)).toEqual(['Holds a verified 社会工作师（中级）', 'Needs 10 years of service; 2 more to go']);
    expect(yearsOfService('2018-11-26', '2026-11-25')).toBe(7);
    expect(yearsOfService('2018-11-25', '2026-11-25')).toBe(8);
  });
});
