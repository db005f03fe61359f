import { formatYuan } from '$lib/money';
import type { DeductionKind, LineKind, Rating } from '../db/tables/pay';
import { scaleFen } from './rounding';

/** The salary structure in force for a worker in the month (see structures.ts). */
export interface StructureRule {
  unitName: string;
  effectiveFrom: string;
  basePayFen: number;
  performanceBaseFen: number;
  /** Thousandths: 1200 = ×1.2. */
  coefficients: Record<Rating, number>;
  communicationFen: number;
  overtimeHourFen: number;
  /** Allowance per certificate type held. */
  certificates: Map<string, { name: string; monthlyFen: number }>;
}

/** Everything about one worker's month that the pay depends on. */
export interface WorkerMonth {
  hireDate: string;
  leaveDate: string | null;
  rating: Rating | null;
  overtimeMinutes: number;
  /** Types of verified certificates valid in the month. */
  certificateTypes: string[];
  awards: { id: string; title: string; amountFen: number }[];
  adjustments: { id: string; correctsLineId: string; amountFen: number; reason: string; corrected: string }[];
  deductions: { id: string; kind: DeductionKind; amountFen: number; note: string }[];
}

export interface LineDraft {
  kind: LineKind;
  label: string;
  amountFen: number;
  explanation: string;
  awardId?: string;
  deductionId?: string;
  adjustmentId?: string;
  correctsLineId?: string;
}

const DEDUCTION_LABEL: Record<DeductionKind, string> = {
  social_insurance: '社会保险（个人部分）',
  housing_fund: '住房公积金（个人部分）',
  income_tax: '代扣个人所得税',
  other: '其他扣款'
};

const yuan = (fen: number) => `${formatYuan(fen)} 元`;
const coefficient = (thousandths: number) => String(thousandths / 1000);

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days of the month the worker was employed, counting the hire and the leave day. */
export function employedDays(month: string, hireDate: string, leaveDate: string | null): number {
  const last = `${month.slice(0, 8)}${String(daysInMonth(month)).padStart(2, '0')}`;
  const from = hireDate > month ? hireDate : month;
  const to = leaveDate && leaveDate < last ? leaveDate : last;
  if (from > to) return 0;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000) + 1;
}

/**
 * One worker's payslip lines for a month, in payslip order. Monthly amounts are paid for the days
 * employed (in/out mid-month); each line is one exact fraction rounded once, half up, to the fen.
 * Throws if the rating is missing: the run refuses to compute rather than guess.
 */
export function payslipLines(rule: StructureRule, w: WorkerMonth, month: string): LineDraft[] {
  if (!w.rating) throw new Error('rating missing');
  const total = daysInMonth(month);
  const days = employedDays(month, w.hireDate, w.leaveDate);
  const share = days === total ? '' : ` × 在岗 ${days}/${total} 天`;
  const source = `（${rule.unitName} ${rule.effectiveFrom} 起执行的薪酬结构）`;
  const lines: LineDraft[] = [];

  lines.push({ kind: 'base', label: '基本工资', amountFen: scaleFen(rule.basePayFen, [days], [total]), explanation: `基本工资 ${yuan(rule.basePayFen)}${share}${source}` });
  const c = rule.coefficients[w.rating];
  lines.push({
    kind: 'performance', label: '绩效工资',
    amountFen: scaleFen(rule.performanceBaseFen, [c, days], [1000, total]),
    explanation: `绩效工资基数 ${yuan(rule.performanceBaseFen)} × 评级 ${w.rating} 系数 ${coefficient(c)}${share}`
  });
  if (rule.communicationFen > 0) {
    lines.push({ kind: 'communication', label: '通讯补贴', amountFen: scaleFen(rule.communicationFen, [days], [total]), explanation: `通讯补贴 ${yuan(rule.communicationFen)}/月${share}` });
  }
  if (w.overtimeMinutes > 0 && rule.overtimeHourFen > 0) {
    const hours = `${Math.floor(w.overtimeMinutes / 60)} 小时${w.overtimeMinutes % 60 ? ` ${w.overtimeMinutes % 60} 分钟` : ''}`;
    lines.push({
      kind: 'overtime', label: '加班补贴',
      amountFen: scaleFen(rule.overtimeHourFen, [w.overtimeMinutes], [60]),
      explanation: `经批准加班 ${hours} × ${yuan(rule.overtimeHourFen)}/小时`
    });
  }
  for (const type of [...new Set(w.certificateTypes)].sort()) {
    const allowance = rule.certificates.get(type);
    if (!allowance) continue;
    lines.push({ kind: 'certificate', label: `持证补贴（${allowance.name}）`, amountFen: allowance.monthlyFen, explanation: `持有已核验的${allowance.name}，每月 ${yuan(allowance.monthlyFen)}` });
  }
  for (const a of w.awards) {
    lines.push({ kind: 'award', label: a.title, amountFen: a.amountFen, explanation: `一次性奖励：${a.title} ${yuan(a.amountFen)}`, awardId: a.id });
  }
  for (const adj of w.adjustments) {
    lines.push({
      kind: 'adjustment', label: '更正', amountFen: adj.amountFen,
      explanation: `更正${adj.corrected}：${adj.reason}`, adjustmentId: adj.id, correctsLineId: adj.correctsLineId
    });
  }
  for (const d of w.deductions) {
    lines.push({ kind: 'deduction', label: DEDUCTION_LABEL[d.kind], amountFen: -d.amountFen, explanation: `按录入金额扣除${d.note ? `：${d.note}` : ''}`, deductionId: d.id });
  }
  return lines;
}

/** Gross, deductions and net of a payslip: always sums of its lines. */
export function totals(lines: readonly { kind: LineKind; amountFen: number }[]) {
  const deductions = lines.filter((l) => l.kind === 'deduction').reduce((s, l) => s + l.amountFen, 0);
  const gross = lines.filter((l) => l.kind !== 'deduction').reduce((s, l) => s + l.amountFen, 0);
  return { grossFen: gross, deductionsFen: 0 - deductions, netFen: gross + deductions };
}
