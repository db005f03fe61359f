import PDFDocument from 'pdfkit';
import { formatYuan } from '$lib/money';
import { formatDateTime } from '$lib/i18n';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import type { LineKind, RunStatus } from '../db/tables/pay';
import { cjkFont } from '../pdf/font';
import { getPayslip } from './payslips';

/** What a printed payslip shows: getPayslip's answer. */
export interface PayslipDocument {
  name: string;
  gridName: string;
  /** The month's first day. */
  month: string;
  position: string;
  bankLast4: string | null;
  status: RunStatus;
  lines: { kind: LineKind; label: string; amountFen: number; explanation: string }[];
  grossFen: number;
  deductionsFen: number;
  netFen: number;
}

const INK = '#1f2328';
const MUTED = '#59636e';
const ACCENT = '#b42318';
const RULE = '#c9cfd6';
const SHADE = '#f2f4f6';
const PAD = 6;

/** '2026-11-01' → '2026年11月'. */
export const monthTitle = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;

/** The file name a download gets: 工资条-2026年11月-李网格.pdf. */
export const payslipFileName = (slip: { month: string; name: string }) => `工资条-${monthTitle(slip.month)}-${slip.name}.pdf`.replace(/[\\/:*?"<>|]/g, '_');

/** The payslip on one A4 page (more only for a very long list of lines): facts, lines with their reasons, totals. */
export async function renderPayslipPdf(slip: PayslipDocument, printedAt = new Date()): Promise<Buffer> {
  const fontData = await cjkFont();
  const title = `工资条 ${monthTitle(slip.month)}`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: title, Author: '网格通 GridCall', Subject: `${slip.name} ${title}`, CreationDate: printedAt }
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((done, fail) => {
    doc.on('end', () => done(Buffer.concat(chunks)));
    doc.on('error', fail);
  });
  doc.registerFont('cjk', fontData);
  doc.font('cjk');

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const amountWidth = 120;
  const labelWidth = width - amountWidth;

  doc.fillColor(ACCENT).fontSize(24).text('工资条', left, 60, { width, align: 'center' });
  doc.fillColor(MUTED).fontSize(11).text(monthTitle(slip.month), left, doc.y + 2, { width, align: 'center' });
  let y = doc.y + 18;
  if (slip.status !== 'locked' && slip.status !== 'paid') {
    // HR may print a draft to check it; it must not pass for the final payslip.
    doc.fillColor(ACCENT).fontSize(10.5).text('本工资条所属批次尚未锁定，金额可能变化，仅供核对。', left, y, { width, align: 'center' });
    y = doc.y + 12;
  }

  // The facts, two to a row.
  const facts: [string, string][] = [
    ['姓名', slip.name],
    ['网格', slip.gridName],
    ['月份', monthTitle(slip.month)],
    ['岗位', slip.position],
    ['工资卡尾号', slip.bankLast4 ?? '未登记'],
    ['发放状态', slip.status === 'paid' ? '已发放' : slip.status === 'locked' ? '已锁定，待发放' : '未锁定']
  ];
  const half = width / 2;
  const key = 70;
  for (let i = 0; i < facts.length; i += 2) {
    doc.fontSize(11);
    const pair = facts.slice(i, i + 2);
    pair.forEach(([label, value], j) => {
      doc.fillColor(MUTED).text(label, left + j * half, y, { width: key, lineBreak: false });
      doc.fillColor(INK).text(value, left + j * half + key, y, { width: half - key - PAD });
    });
    y += 22;
  }
  y += 8;

  // Lines: label with the reason underneath in small type, the amount on the right.
  const header = () => {
    doc.rect(left, y, width, 24).fill(SHADE);
    doc.fillColor(MUTED).fontSize(10.5).text('项目', left + PAD, y + 6, { width: labelWidth - 2 * PAD, lineBreak: false });
    doc.text('金额（元）', left + labelWidth + PAD, y + 6, { width: amountWidth - 2 * PAD, align: 'right', lineBreak: false });
    y += 24;
  };
  header();
  for (const line of slip.lines) {
    doc.fontSize(11.5);
    const labelHeight = doc.heightOfString(line.label, { width: labelWidth - 2 * PAD });
    doc.fontSize(8.5);
    const reasonHeight = line.explanation ? doc.heightOfString(line.explanation, { width: labelWidth - 2 * PAD }) + 2 : 0;
    const height = labelHeight + reasonHeight + 2 * PAD;
    if (y + height > bottom()) {
      doc.addPage();
      y = doc.page.margins.top;
      header();
    }
    doc.fillColor(INK).fontSize(11.5).text(line.label, left + PAD, y + PAD, { width: labelWidth - 2 * PAD });
    if (line.explanation) doc.fillColor(MUTED).fontSize(8.5).text(line.explanation, left + PAD, y + PAD + labelHeight + 2, { width: labelWidth - 2 * PAD });
    doc.fillColor(line.amountFen < 0 ? ACCENT : INK).fontSize(11.5)
      .text(formatYuan(line.amountFen), left + labelWidth + PAD, y + PAD, { width: amountWidth - 2 * PAD, align: 'right', lineBreak: false });
    y += height;
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor(RULE).stroke();
  }

  // Totals: sums of the lines, as getPayslip gives them.
  const totals: [string, number, boolean][] = [
    ['应发合计', slip.grossFen, false],
    ['扣款合计', slip.deductionsFen, false],
    ['实发', slip.netFen, true]
  ];
  if (y + totals.length * 26 + 60 > bottom()) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  y += 10;
  for (const [label, fen, strong] of totals) {
    doc.fillColor(strong ? INK : MUTED).fontSize(strong ? 15 : 12);
    doc.text(label, left + PAD, y, { width: labelWidth - 2 * PAD, lineBreak: false });
    doc.fillColor(strong ? ACCENT : INK).text(`${formatYuan(fen)} 元`, left + labelWidth - 80 + PAD, y, { width: amountWidth + 80 - 2 * PAD, align: 'right', lineBreak: false });
    y += strong ? 28 : 22;
  }
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(1).strokeColor(INK).stroke();
  doc.fillColor(MUTED).fontSize(9).text('应发合计为各收入项之和，扣款合计为各扣款项之和，实发 = 应发合计 － 扣款合计。如有疑问，请联系所在单位人事。', left, y + 10, { width });

  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fillColor(MUTED).fontSize(9).text(`网格通 GridCall · 打印于 ${formatDateTime('zh-CN', printedAt)} · 第 ${i - start + 1} 页，共 ${count} 页`, left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }

  doc.end();
  return ended;
}

/** The payslip as a PDF for whoever may see it (getPayslip decides: its owner once locked, or HR in scope). */
export async function payslipPdf(db: Db, actor: Actor, payslipId: string) {
  const slip = await getPayslip(db, actor, payslipId);
  return { fileName: payslipFileName(slip), content: await renderPayslipPdf(slip) };
}
