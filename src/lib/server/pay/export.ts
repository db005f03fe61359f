import ExcelJS from 'exceljs';
import { z } from 'zod';
import { formatYuan } from '$lib/money';
import { formatDateTime, translate } from '$lib/i18n';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { Id } from '../auth/schema';
import { audit } from '../audit/audit';
import type { LineKind } from '../db/tables/pay';
import { hrRun } from './runs';
import { totals } from './compute';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportInput = z.object({ runId: Id, format: z.enum(EXPORT_FORMATS) });

export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

const MIME: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8'
};

// Document text: the files are Chinese payroll records whatever the HR user's UI language.
export const KIND_LABEL: Record<LineKind, string> = {
  base: '基本工资',
  performance: '绩效工资',
  communication: '津贴补贴',
  overtime: '津贴补贴',
  certificate: '津贴补贴',
  award: '奖励',
  adjustment: '更正',
  deduction: '扣款'
};
export const LINE_HEADER = ['姓名', '网格', '月份', '类别', '项目', '金额（元）', '说明'] as const;
export const SUMMARY_HEADER = ['姓名', '网格', '应发合计（元）', '扣款合计（元）', '实发（元）'] as const;
export const SHEET = { lines: '明细', summary: '汇总' } as const;
export const TOTAL_LABEL = '合计';

interface ExportLine {
  payslipId: string;
  name: string;
  grid: string;
  kind: LineKind;
  label: string;
  amountFen: number;
  explanation: string;
}
interface ExportSlip {
  payslipId: string;
  name: string;
  grid: string;
  grossFen: number;
  deductionsFen: number;
  netFen: number;
}
export interface RunData {
  unitName: string;
  /** 'YYYY-MM'. */
  month: string;
  status: string;
  lines: ExportLine[];
  slips: ExportSlip[];
  total: { grossFen: number; deductionsFen: number; netFen: number };
}

/**
 * Every line of the run, payslip by payslip in the order of their grids and names, and each
 * payslip's totals as sums of its lines (the rule of compute.ts totals, as the run screen shows).
 */
async function runData(db: Db, run: { id: string; unitName: string; month: string; status: string }): Promise<RunData> {
  const rows = await db
    .selectFrom('payrollLine as l')
    .innerJoin('payslip as p', 'p.id', 'l.payslipId')
    .innerJoin('appUser as u', 'u.id', 'p.workerId')
    .innerJoin('worker as w', 'w.userId', 'p.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .leftJoin('orgUnit as c', 'c.id', 'g.parentId')
    .select(['p.id as payslipId', 'u.name', 'g.name as gridName', 'c.name as communityName', 'l.kind', 'l.label', 'l.amountFen', 'l.explanation'])
    .where('l.runId', '=', run.id)
    .orderBy('c.name')
    .orderBy('g.name')
    .orderBy('u.name')
    .orderBy('p.id')
    .orderBy('l.position')
    .execute();
  const lines = rows.map((r) => ({
    payslipId: r.payslipId, name: r.name, grid: `${r.communityName ?? ''}${r.gridName}`,
    kind: r.kind, label: r.label, amountFen: Number(r.amountFen), explanation: r.explanation
  }));
  const bySlip = new Map<string, ExportLine[]>();
  for (const l of lines) bySlip.set(l.payslipId, [...(bySlip.get(l.payslipId) ?? []), l]);
  const slips = [...bySlip.values()].map((own) => ({ payslipId: own[0]!.payslipId, name: own[0]!.name, grid: own[0]!.grid, ...totals(own) }));
  const sum = (k: 'grossFen' | 'deductionsFen' | 'netFen') => slips.reduce((s, p) => s + p[k], 0);
  return {
    unitName: run.unitName,
    month: run.month.slice(0, 7),
    status: run.status,
    lines,
    slips,
    total: { grossFen: sum('grossFen'), deductionsFen: sum('deductionsFen'), netFen: sum('netFen') }
  };
}

/**
 * 元 as the spreadsheet number whose decimal text is exactly formatYuan's: parsed from the
 * decimal string, never reached by arithmetic on fractions. (For whole fen below 2^53 this is
 * the double nearest to the exact amount, which exceljs writes back as that same decimal.)
 */
export function yuanCell(fen: number): number {
  return Number(formatYuan(fen, false));
}

const MONEY_FORMAT = '#,##0.00;-#,##0.00';

/** Sheet 明细: one row per payroll line; sheet 汇总: one row per payslip and a total row. */
export async function runWorkbook(data: RunData, exportedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '网格通 GridCall';
  workbook.created = exportedAt;
  workbook.title = `${data.unitName} ${data.month} 工资表`;

  const lines = workbook.addWorksheet(SHEET.lines, { views: [{ state: 'frozen', ySplit: 1 }] });
  lines.columns = [
    { header: LINE_HEADER[0], key: 'name', width: 12 },
    { header: LINE_HEADER[1], key: 'grid', width: 18 },
    { header: LINE_HEADER[2], key: 'month', width: 10 },
    { header: LINE_HEADER[3], key: 'kind', width: 10 },
    { header: LINE_HEADER[4], key: 'label', width: 26 },
    { header: LINE_HEADER[5], key: 'amount', width: 14, style: { numFmt: MONEY_FORMAT } },
    { header: LINE_HEADER[6], key: 'explanation', width: 70 }
  ];
  lines.getRow(1).font = { bold: true };
  for (const l of data.lines) {
    lines.addRow({ name: l.name, grid: l.grid, month: data.month, kind: KIND_LABEL[l.kind], label: l.label, amount: yuanCell(l.amountFen), explanation: l.explanation });
  }

  const summary = workbook.addWorksheet(SHEET.summary, { views: [{ state: 'frozen', ySplit: 1 }] });
  summary.columns = [
    { header: SUMMARY_HEADER[0], key: 'name', width: 12 },
    { header: SUMMARY_HEADER[1], key: 'grid', width: 18 },
    { header: SUMMARY_HEADER[2], key: 'gross', width: 16, style: { numFmt: MONEY_FORMAT } },
    { header: SUMMARY_HEADER[3], key: 'deductions', width: 16, style: { numFmt: MONEY_FORMAT } },
    { header: SUMMARY_HEADER[4], key: 'net', width: 16, style: { numFmt: MONEY_FORMAT } }
  ];
  summary.getRow(1).font = { bold: true };
  for (const s of data.slips) {
    summary.addRow({ name: s.name, grid: s.grid, gross: yuanCell(s.grossFen), deductions: yuanCell(s.deductionsFen), net: yuanCell(s.netFen) });
  }
  // Values, not SUM formulas: the totals are the integer sums of the payslips, fixed as exported.
  const total = summary.addRow({ name: TOTAL_LABEL, grid: `${data.slips.length} 人`, gross: yuanCell(data.total.grossFen), deductions: yuanCell(data.total.deductionsFen), net: yuanCell(data.total.netFen) });
  total.font = { bold: true };
  total.eachCell((cell) => (cell.border = { top: { style: 'thin' } }));
  summary.addRow([]);
  for (const [label, value] of [
    ['单位', data.unitName],
    ['月份', data.month],
    ['批次状态', translate('zh-CN', `pay.status.${data.status as 'draft'}`)],
    ['导出时间', formatDateTime('zh-CN', exportedAt)]
  ]) {
    summary.addRow([label, value]).getCell(1).font = { color: { argb: 'FF59636E' } };
  }

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A text cell Excel would run as a formula (=, +, -, @, tab, CR) is defused with a leading apostrophe. */
function plainText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: quoted only when it holds a quote, comma or line break; quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One row per line, CRLF as RFC 4180 says; UTF-8 with a byte-order mark so Excel in Chinese
 * reads it as UTF-8. Amounts are '3500.00' text from integer fen, without grouping.
 */
export function runCsv(data: RunData): Buffer {
  const records = [
    [...LINE_HEADER],
    ...data.lines.map((l) => [plainText(l.name), plainText(l.grid), data.month, KIND_LABEL[l.kind], plainText(l.label), formatYuan(l.amountFen, false), plainText(l.explanation)])
  ];
  const text = records.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

function fileName(data: RunData, format: ExportFormat): string {
  const final = data.status === 'locked' || data.status === 'paid';
  const status = final ? '' : `（${translate('zh-CN', `pay.status.${data.status as 'draft'}`)}）`;
  return `${data.unitName}${data.month}工资表${status}.${format}`.replace(/[\\/:*?"<>|]/g, '_');
}

/** A run as .xlsx or CSV for an HR user over its unit; every export is in the audit log. */
export async function exportRun(db: Db, actor: Actor, runId: string, format: ExportFormat, requestId?: string): Promise<ExportFile> {
  const run = await hrRun(db, actor, runId);
  const data = await runData(db, run);
  const exportedAt = new Date();
  const content = format === 'xlsx' ? await runWorkbook(data, exportedAt) : runCsv(data);
  await audit(db, {
    actorId: actor.userId, action: 'pay.run.export', targetType: 'payroll_run', targetId: run.id, orgUnitId: run.orgUnitId,
    detail: { format, month: data.month, status: data.status, payslips: data.slips.length, lines: data.lines.length }, requestId
  });
  return { fileName: fileName(data, format), mimeType: MIME[format], content };
}

/** The same file for plain JSON tRPC clients. */
export async function exportRunBase64(db: Db, actor: Actor, runId: string, format: ExportFormat, requestId?: string) {
  const file = await exportRun(db, actor, runId, format, requestId);
  return { fileName: file.fileName, mimeType: file.mimeType, contentBase64: file.content.toString('base64') };
}
