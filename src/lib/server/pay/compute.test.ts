import { describe, expect, it } from 'vitest';
import { employedDays, payslipLines, totals, type StructureRule, type WorkerMonth } from './compute';
import { roundHalfUp, scaleFen } from './rounding';
import { formatYuan, parseYuan } from '$lib/money';

const rule: StructureRule = {
  unitName: '东湖街道', effectiveFrom: '2026-01-01',
  basePayFen: 350000, performanceBaseFen: 150000,
  coefficients: { A: 1200, B: 1000, C: 800, D: 500 },
  communicationFen: 10000, overtimeHourFen: 3333,
  certificates: new Map([['social_worker_mid', { name: '社会工作师（中级）', monthlyFen: 30000 }]])
};
const fullMonth: WorkerMonth = {
  hireDate: '2020-03-01', leaveDate: null, rating: 'A', overtimeMinutes: 0, certificateTypes: [], awards: [], adjustments: [], deductions: []
};
const amounts = (w: WorkerMonth, month = '2026-11-01') => Object.fromEntries(payslipLines(rule, w, month).map((l) => [l.label, l.amountFen]));

describe('rounding', () => {
  it('rounds half up to the fen, once', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3);
    expect(roundHalfUp(4n, 3n)).toBe(1);
    expect(roundHalfUp(-5n, 2n)).toBe(-3);
    // 3,500 元 × 17/30 = 1,983.333… 元 → 1,983.33
    expect(scaleFen(350000, [17], [30])).toBe(198333);
    // 1,500 元 × 0.8 × 15/30 = 600.00 exactly
    expect(scaleFen(150000, [800, 15], [1000, 30])).toBe(60000);
  });

  it('turns 元 text into fen and back without fractions', () => {
    expect(parseYuan('3,500.5')).toBe(350050);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('1.005')).toBeUndefined();
    expect(parseYuan('-3')).toBeUndefined();
    expect(formatYuan(350050)).toBe('3,500.50');
    expect(formatYuan(-7)).toBe('-0.07');
  });
});

describe('a month of pay, by hand-checked examples', () => {
  it('a full month rated A: base, performance × 1.2, communication', () => {
    expect(amounts(fullMonth)).toEqual({ 基本工资: 350000, 绩效工资: 180000, 通讯补贴: 10000 });
  });

  it('each rating applies its coefficient', () => {
    expect(amounts({ ...fullMonth, rating: 'B' })['绩效工资']).toBe(150000);
    expect(amounts({ ...fullMonth, rating: 'C' })['绩效工资']).toBe(120000);
    expect(amounts({ ...fullMonth, rating: 'D' })['绩效工资']).toBe(75000);
  });

  it('overtime: approved minutes × the hourly rate, rounded once (2 h 20 min × 33.33 元 = 77.77 元)', () => {
    // 3333 × 140 / 60 = 7777.0 fen
    expect(amounts({ ...fullMonth, overtimeMinutes: 140 })['加班补贴']).toBe(7777);
    // 3333 × 50 / 60 = 2777.5 → 2778 (half up)
    expect(amounts({ ...fullMonth, overtimeMinutes: 50 })['加班补贴']).toBe(2778);
  });

  it('a certificate the structure pays for earns its allowance once; others earn nothing', () => {
    const lines = amounts({ ...fullMonth, certificateTypes: ['social_worker_mid', 'social_worker_mid', 'psych_counselor'] });
    expect(lines['持证补贴（社会工作师（中级））']).toBe(30000);
    expect(Object.keys(lines)).toHaveLength(4);
  });

  it('hired mid-month: monthly amounts for the days employed (hired 14 Nov: 17 of 30 days)', () => {
    expect(employedDays('2026-11-01', '2026-11-14', null)).toBe(17);
    const lines = amounts({ ...fullMonth, hireDate: '2026-11-14', rating: 'B' });
    // 3500 × 17/30 = 1983.333 → 1983.33; 1500 × 1.0 × 17/30 = 850.00; 100 × 17/30 = 56.666 → 56.67
    expect(lines).toEqual({ 基本工资: 198333, 绩效工资: 85000, 通讯补贴: 5667 });
  });

  it('left on 10 February: 10 of 28 days', () => {
    expect(employedDays('2027-02-01', '2020-01-01', '2027-02-10')).toBe(10);
    expect(amounts({ ...fullMonth, leaveDate: '2027-02-10', rating: 'C' }, '2027-02-01')).toEqual({ 基本工资: 125000, 绩效工资: 42857, 通讯补贴: 3571 });
  });

  it('awards, adjustments and deductions are their own lines; totals are sums of lines', () => {
    const lines = payslipLines(rule, {
      ...fullMonth,
      awards: [{ id: 'a1', title: '年度考核优秀奖励', amountFen: 500000 }],
      adjustments: [{ id: 'j1', correctsLineId: 'l1', amountFen: -2000, reason: '10月加班多计', corrected: '2026年10月 加班补贴' }],
      deductions: [{ id: 'd1', kind: 'social_insurance', amountFen: 41234, note: '' }, { id: 'd2', kind: 'income_tax', amountFen: 12000, note: '11月' }]
    }, '2026-11-01');
    expect(lines.map((l) => [l.kind, l.amountFen])).toEqual([
      ['base', 350000], ['performance', 180000], ['communication', 10000], ['award', 500000], ['adjustment', -2000], ['deduction', -41234], ['deduction', -12000]
    ]);
    expect(totals(lines)).toEqual({ grossFen: 1038000, deductionsFen: 53234, netFen: 984766 });
    expect(lines.find((l) => l.kind === 'adjustment')?.explanation).toBe('更正2026年10月 加班补贴：10月加班多计');
  });

  it('explains where each number came from', () => {
    const [base, perf] = payslipLines(rule, { ...fullMonth, hireDate: '2026-11-14' }, '2026-11-01');
    expect(base!.explanation).toBe('基本工资 3,500.00 元 × 在岗 17/30 天（东湖街道 2026-01-01 起执行的薪酬结构）');
    expect(perf!.explanation).toBe('绩效工资基数 1,500.00 元 × 评级 A 系数 1.2 × 在岗 17/30 天');
  });
});
