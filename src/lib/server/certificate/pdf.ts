import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { TIME_ZONE } from '$lib/i18n';
import { cjkFont } from '../pdf/font';

export interface CertificateDocument {
  code: string;
  volunteerName: string;
  /** Street and community, e.g. '东湖街道湖滨社区'. */
  issuer: string | null;
  totalMinutes: number;
  calloutCount: number;
  issuedAt: Date;
  lines: { title: string; startsAt: Date; minutes: number }[];
  verifyUrl: string;
}

/** Minutes as hours with one decimal: 750 → '12.5'. Rounded from whole minutes, so no float drift. */
export function formatHours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

/** 'ABCDEFGHJKLM' → 'ABCD-EFGH-JKLM', as printed; the verifier accepts either. */
export function groupCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

function shanghaiDay(value: Date) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(value);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}
const longDate = (value: Date) => {
  const { year, month, day } = shanghaiDay(value);
  return `${year}年${month}月${day}日`;
};
const shortDate = (value: Date) => {
  const { year, month, day } = shanghaiDay(value);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};

const INK = '#1f2328';
const MUTED = '#59636e';
const ACCENT = '#b42318';
const RULE = '#c9cfd6';
const SHADE = '#f2f4f6';
const PAD = 6;

type Doc = PDFKit.PDFDocument;

/** One row of cells; returns its height. Text wraps inside its cell. */
function drawRow(doc: Doc, y: number, x: number, widths: number[], cells: string[], options: { header?: boolean; align?: ('left' | 'center' | 'right')[] } = {}) {
  doc.fontSize(options.header ? 10.5 : 11);
  const height = Math.max(...cells.map((text, i) => doc.heightOfString(text, { width: widths[i]! - 2 * PAD }))) + 2 * PAD;
  const total = widths.reduce((a, b) => a + b, 0);
  if (options.header) doc.rect(x, y, total, height).fill(SHADE);
  doc.fillColor(options.header ? MUTED : INK);
  let cx = x;
  cells.forEach((text, i) => {
    doc.text(text, cx + PAD, y + PAD, { width: widths[i]! - 2 * PAD, align: options.align?.[i] ?? 'left', lineBreak: true });
    cx += widths[i]!;
  });
  doc.moveTo(x, y + height).lineTo(x + total, y + height).lineWidth(0.6).strokeColor(RULE).stroke();
  return height;
}

/** The certificate as a PDF: one A4 page for most volunteers, more when the list of callouts is long. */
export async function renderCertificatePdf(c: CertificateDocument): Promise<Buffer> {
  const [fontData, qr] = await Promise.all([
    cjkFont(),
    QRCode.toBuffer(c.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 0, width: 240 })
  ]);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: '志愿服务时长证明', Author: '网格通 GridCall', Subject: `${c.volunteerName} 志愿服务时长证明 ${groupCode(c.code)}`, CreationDate: c.issuedAt }
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
  const issuer = c.issuer ? `网格通 · ${c.issuer}` : '网格通';

  // Title
  doc.fillColor(ACCENT).fontSize(26).text('志愿服务时长证明', left, 72, { width, align: 'center' });
  let y = doc.y + 8;
  doc.moveTo(left + width / 2 - 80, y).lineTo(left + width / 2 + 80, y).lineWidth(1.2).strokeColor(ACCENT).stroke();
  doc.fillColor(MUTED).fontSize(10).text(`证明编号：${groupCode(c.code)}`, left, y + 10, { width, align: 'center' });
  y = doc.y + 24;

  // Summary: what the verifier checks against /verify/<code>.
  const labelWidth = 110;
  for (const [label, value] of [
    ['志愿者姓名', c.volunteerName],
    ['累计服务时长', `${formatHours(c.totalMinutes)} 小时`],
    ['参加任务次数', `${c.calloutCount} 次`],
    ['出具单位', issuer]
  ] as const) {
    y += drawRow(doc, y, left, [labelWidth, width - labelWidth], [label, value], { align: ['left', 'left'] });
  }

  // The callouts, oldest first; the header repeats on each new page.
  y += 22;
  doc.fillColor(INK).fontSize(13).text('服务明细', left, y);
  y = doc.y + 8;
  const widths = [40, width - 40 - 90 - 90, 90, 90];
  const align = ['center', 'left', 'center', 'right'] as const;
  const header = ['序号', '任务', '日期', '时长（小时）'];
  if (c.lines.length === 0) {
    doc.fillColor(MUTED).fontSize(11).text('暂无经网格员确认的服务记录。', left, y);
    y = doc.y;
  } else {
    y += drawRow(doc, y, left, widths, header, { header: true, align: [...align] });
    c.lines.forEach((line, i) => {
      const cells = [String(i + 1), line.title, shortDate(line.startsAt), formatHours(line.minutes)];
      doc.fontSize(11);
      const needed = Math.max(...cells.map((text, j) => doc.heightOfString(text, { width: widths[j]! - 2 * PAD }))) + 2 * PAD;
      if (y + needed > bottom()) {
        doc.addPage();
        y = doc.page.margins.top;
        y += drawRow(doc, y, left, widths, header, { header: true, align: [...align] });
      }
      y += drawRow(doc, y, left, widths, cells, { align: [...align] });
    });
  }

  // Statement, issuer and date, and how to verify: kept together on one page.
  const closing = 230;
  if (y + 24 + closing > bottom()) {
    doc.addPage();
    y = doc.page.margins.top;
  } else {
    y += 24;
  }
  doc.fillColor(INK).fontSize(12).text('兹证明上述志愿服务时长经网格员确认属实。特此证明。', left, y, { width });
  y = doc.y + 24;
  doc.fontSize(12).text(`出具单位：${issuer}`, left, y, { width, align: 'right' });
  doc.text(`出具日期：${longDate(c.issuedAt)}`, left, doc.y + 6, { width, align: 'right' });
  y = doc.y + 30;

  const qrSize = 84;
  doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor(RULE).stroke();
  y += 14;
  doc.image(qr, left, y, { width: qrSize, height: qrSize });
  const textLeft = left + qrSize + 16;
  const textWidth = width - qrSize - 16;
  doc.fillColor(INK).fontSize(11).text(`验证码：${groupCode(c.code)}`, textLeft, y + 4, { width: textWidth });
  doc.text(`验证网址：${c.verifyUrl}`, textLeft, doc.y + 4, { width: textWidth });
  doc.fillColor(MUTED).fontSize(9.5).text('扫描二维码或打开上述网址，可核验本证明的真伪及服务时长。', textLeft, doc.y + 6, { width: textWidth });

  // Page numbers go into the bottom margin, where PDFKit would otherwise start a new page.
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.fillColor(MUTED).fontSize(9).text(`网格通 GridCall · 第 ${i - start + 1} 页，共 ${count} 页`, left, doc.page.height - 40, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = margin;
  }

  doc.end();
  return ended;
}
