import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { formatYuan } from '$lib/money';
import type { Actor } from '../auth/actor';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { GET as exportEndpoint } from '../../../routes/(app)/hr/pay/[id]/export/[format]/+server';
import { GET as pdfEndpoint } from '../../../routes/(app)/payslips/[id]/pdf/+server';
import { KIND_LABEL, LINE_HEADER, SUMMARY_HEADER, TOTAL_LABEL } from './export';

const world = useCalloutWorld();
const db = () => world.db();
const pay = (actor: Actor) => callerFor(db(), actor).pay;
let hr1: Actor, hr2: Actor, west: Actor;
let li: Actor, wang: Actor, zhao: Actor;
let runId: string;

// A title with a comma and quotes: the CSV must quote it and give it back as written.
const AWARD = '服务之星,"金牌"网格员';

async function hire(name: string, grid: string, hireDate: string) {
  const person = await makeUser(db(), 'grid_worker', world.unit(grid), { name });
  await db().insertInto('worker').values({ userId: person.userId, gridId: world.unit(grid).id, hireDate, position: '专职网格员', bankLast4: '0427' }).execute();
  return person;
}

/** Every payslip line as getRun and getPayslip give them, in the run's order. */
async function expectedLines() {
  const run = await pay(hr1).run.get({ runId });
  const lines = [];
  for (const slip of run.payslips) {
    const detail = await pay(hr1).payslip.get({ payslipId: slip.payslipId });
    for (const l of detail.lines) lines.push({ name: slip.name, kind: l.kind, label: l.label, amountFen: l.amountFen, explanation: l.explanation });
  }
  return { run, lines };
}

/** Cell values of a sheet, row by row from the first column (exceljs rows are 1-based with an empty [0]). */
function valuesOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** RFC 4180 records (quoted fields, doubled quotes), for reading the export back. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== ',' && ch !== '\r')) {
      field += ch;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      throw new Error(`a bare CR at ${i}`);
    }
  }
  if (field || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

async function textOf(pdf: Uint8Array): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return pages.join('\n');
}

const exportAudits = () =>
  db().selectFrom('auditLog').select(['actorId', 'targetId', 'detail']).where('action', '=', 'pay.run.export').orderBy('id').execute();

beforeAll(async () => {
  hr1 = await makeUser(db(), 'hr', world.unit('城东区'));
  hr2 = await makeUser(db(), 'hr', world.unit('城东区'));
  west = await makeUser(db(), 'hr', world.unit('城西区'));
  li = await hire('李网格', '湖滨社区/第一网格', '2020-01-01');
  wang = await hire('王网格', '桃园社区/第二网格', '2026-11-14');
  zhao = await hire('赵网格', '湖滨社区/第二网格', '2019-06-01');
  await pay(hr1).structure.save({
    unitId: world.unit('东湖街道').id, effectiveFrom: '2026-01-01', basePayFen: 350000, performanceBaseFen: 150000,
    coefficients: { A: 1200, B: 1000, C: 800, D: 500 }, communicationFen: 10000, overtimeHourFen: 3333
  });
  ({ runId } = await pay(hr1).run.create({ unitId: world.unit('东湖街道').id, month: '2026-11' }));
  // Everyone employed under the street is rated (the demo's own grid worker too): B unless set here.
  const chosen: Record<string, 'A' | 'B' | 'C'> = { [li.userId]: 'A', [zhao.userId]: 'C' };
  const employed = await pay(hr1).inputs.month({ unitId: world.unit('东湖街道').id, month: '2026-11' });
  await pay(hr1).inputs.saveRatings({ month: '2026-11', ratings: employed.map((w) => ({ workerId: w.workerId, rating: chosen[w.workerId] ?? 'B' })) });
  await pay(hr1).inputs.addOvertime({ workerId: li.userId, month: '2026-11', minutes: 140 });
  await pay(hr1).inputs.addDeduction({ workerId: zhao.userId, month: '2026-11', kind: 'social_insurance', amountFen: 41234 });
  await pay(hr1).inputs.addDeduction({ workerId: zhao.userId, month: '2026-11', kind: 'income_tax', amountFen: 5 });
  await pay(hr1).award.add({ workerId: li.userId, kind: 'honour', title: AWARD, amountFen: 50000, awardedOn: '2026-11-20' });
  await pay(hr1).run.compute({ runId });
});

describe('a run exported to .xlsx and CSV', () => {
  it('a draft exports too, named as a draft, so HR can check it before review', async () => {
    const file = await pay(hr1).run.export({ runId, format: 'csv' });
    expect(file.fileName).toBe('东湖街道2026-11工资表（草稿）.csv');
  });

  it('locks through four eyes; the .xlsx holds every line and a summary whose total is the sum', async () => {
    await pay(hr1).run.review({ runId });
    await pay(hr2).run.approve({ runId });
    await pay(hr2).run.lock({ runId });

    const file = await pay(hr1).run.export({ runId, format: 'xlsx' });
    expect(file).toMatchObject({ fileName: '东湖街道2026-11工资表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['明细', '汇总']);
    const { run, lines } = await expectedLines();
    expect(lines.filter((l) => ['李网格', '王网格', '赵网格'].includes(l.name))).toHaveLength(5 + 3 + 5);

    // 明细: one row per line, money as a number cell shown with two decimals.
    const detail = workbook.getWorksheet('明细')!;
    const [header, ...rows] = valuesOf(detail);
    expect(header).toEqual([...LINE_HEADER]);
    const gridOf: Record<string, string> = { 李网格: '湖滨社区第一网格', 王网格: '桃园社区第二网格', 赵网格: '湖滨社区第二网格', 张网格: '湖滨社区第一网格' };
    const key = (r: { name: string; label: string; amountFen: number }) => `${r.name}|${r.label}|${r.amountFen}`;
    const read = rows.map(([name, grid, month, kind, label, amount, explanation]) => {
      expect(typeof amount).toBe('number');
      const fen = Math.round((amount as number) * 100);
      // The cell holds the exact decimal: no float drift at any amount.
      expect(amount).toBe(Number(formatYuan(fen, false)));
      return { name, grid, month, kind, label, amountFen: fen, explanation } as Record<string, unknown> & { name: string; label: string; amountFen: number };
    });
    expect(read.map(key).sort()).toEqual(lines.map(key).sort());
    for (const line of lines) {
      expect(read.find((r) => key(r) === key(line))).toEqual({
        name: line.name, grid: gridOf[line.name], month: '2026-11', kind: KIND_LABEL[line.kind], label: line.label, amountFen: line.amountFen, explanation: line.explanation
      });
    }
    expect(read.find((r) => r.label === '社会保险（个人部分）')).toMatchObject({ kind: '扣款', amountFen: -41234 });
    expect(detail.getCell('F2').numFmt).toBe('#,##0.00;-#,##0.00');

    // 汇总: one row per payslip, then 合计 equal to the run's totals and to the sum of the rows.
    const [sumHeader, ...sumRows] = valuesOf(workbook.getWorksheet('汇总')!);
    expect(sumHeader).toEqual([...SUMMARY_HEADER]);
    const totalAt = sumRows.findIndex((r) => r[0] === TOTAL_LABEL);
    const people = sumRows.slice(0, totalAt).map(([name, grid, gross, deductions, net]) => ({
      name, grid, grossFen: Math.round((gross as number) * 100), deductionsFen: Math.round((deductions as number) * 100), netFen: Math.round((net as number) * 100)
    }));
    expect(people.map((p) => p.name).sort()).toEqual(run.payslips.map((p) => p.name).sort());
    for (const slip of run.payslips) {
      expect(people.find((p) => p.name === slip.name)).toEqual({ name: slip.name, grid: gridOf[slip.name], grossFen: slip.grossFen, deductionsFen: slip.deductionsFen, netFen: slip.netFen });
    }
    const total = sumRows[totalAt]!;
    const fen = (v: unknown) => Math.round((v as number) * 100);
    expect({ grossFen: fen(total[2]), deductionsFen: fen(total[3]), netFen: fen(total[4]) }).toEqual(run.totals);
    expect(run.totals.grossFen).toBe(people.reduce((s, p) => s + p.grossFen, 0));
    expect(run.totals.netFen).toBe(people.reduce((s, p) => s + p.netFen, 0));
    expect(sumRows.slice(totalAt + 1).map((r) => r.slice(0, 2))).toContainEqual(['批次状态', '已锁定']);
  });

  it('the CSV starts with the BOM, quotes what needs quoting and gives every amount back as text from fen', async () => {
    const file = await pay(hr1).run.export({ runId, format: 'csv' });
    expect(file).toMatchObject({ fileName: '东湖街道2026-11工资表.csv', mimeType: 'text/csv; charset=utf-8' });
    const bytes = Buffer.from(file.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain(`"${AWARD.replace(/"/g, '""')}"`);
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([...LINE_HEADER]);
    const { lines } = await expectedLines();
    const asCsv = (l: (typeof lines)[number]) => [l.name, l.kind, l.label, formatYuan(l.amountFen, false), l.explanation];
    expect(records.map(([name, , month, kind, label, amount, explanation]) => {
      expect(month).toBe('2026-11');
      return [name, kind, label, amount, explanation];
    }).sort()).toEqual(lines.map((l) => asCsv({ ...l, kind: KIND_LABEL[l.kind] as never })).sort());
    expect(records.map((r) => r[5])).toEqual(expect.arrayContaining(['3500.00', '-412.34', '-0.05', '500.00', '77.77']));
    expect(records.find((r) => r[4] === AWARD)).toBeDefined();
  });

  it('an HR user of another district gets NOT_FOUND; a grid worker is refused', async () => {
    expect(await failureOf(pay(west).run.export({ runId, format: 'xlsx' }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect((await failureOf(pay(li).run.export({ runId, format: 'csv' }))).status).toBe(403);
  });

  it('every export is in the audit log with its format, and a refused one is not', async () => {
    const audits = await exportAudits();
    expect(audits.map((a) => [a.actorId, a.targetId, (a.detail as { format: string }).format])).toEqual([
      [hr1.userId, runId, 'csv'], [hr1.userId, runId, 'xlsx'], [hr1.userId, runId, 'csv']
    ]);
    const { run, lines } = await expectedLines();
    expect(audits[1]!.detail).toMatchObject({ status: 'locked', month: '2026-11', payslips: run.payslips.length, lines: lines.length });
  });

  it('downloads from /hr/pay/<run>/export/<format> with the Chinese file name; other formats are 404', async () => {
    const get = (actor: Actor, format: string, id = runId) =>
      exportEndpoint({ params: { id, format }, locals: { db: db(), actor, locale: 'zh-CN', requestId: 'route-test' } } as never);
    const response = await get(hr2, 'xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="payroll-${runId.slice(0, 8)}.xlsx"; filename*=UTF-8''${encodeURIComponent('东湖街道2026-11工资表.xlsx')}`
    );
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    const csv = await get(hr2, 'csv');
    expect([...new Uint8Array(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    await expect(get(hr2, 'pdf')).rejects.toMatchObject({ status: 404 });
    await expect(get(west, 'csv')).rejects.toMatchObject({ status: 404 });
    await expect(get(hr2, 'csv', 'not-a-run')).rejects.toMatchObject({ status: 404 });
    expect((await exportAudits()).filter((a) => a.actorId === hr2.userId)).toHaveLength(2);
  });
});

describe('the payslip as a PDF', () => {
  const get = (actor: Actor, id: string) => pdfEndpoint({ params: { id }, locals: { db: db(), actor, locale: 'zh-CN', requestId: 'pdf-test' } } as never);

  it('reads back with the worker’s name, each line, 实发 and the net amount; named 工资条-<month>-<name>.pdf', async () => {
    const [mine] = await pay(li).payslip.mine();
    const slip = await pay(li).payslip.get({ payslipId: mine!.id });
    const response = await get(li, mine!.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="payslip.pdf"; filename*=UTF-8''${encodeURIComponent('工资条-2026年11月-李网格.pdf')}`
    );
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await textOf(pdf);
    for (const expected of ['工资条', '2026年11月', '李网格', '第一网格', '专职网格员', '0427', '应发合计', '扣款合计', '实发', `${formatYuan(slip.netFen)} 元`]) {
      expect(text).toContain(expected);
    }
    for (const line of slip.lines) {
      expect(text).toContain(line.label);
      expect(text).toContain(formatYuan(line.amountFen));
    }
    expect(slip.netFen).toBe(350000 + 180000 + 10000 + 7777 + 50000);
    expect(text).not.toContain('尚未锁定');
  });

  it('shows deductions negative and the net after them', async () => {
    const slipId = (await pay(zhao).payslip.mine())[0]!.id;
    const text = await textOf(new Uint8Array(await (await get(zhao, slipId)).arrayBuffer()));
    expect(text).toContain('-412.34');
    expect(text).toContain('-0.05');
    expect(text).toContain('412.39 元');
    expect(text).toContain(`${formatYuan(350000 + 120000 + 10000 - 41234 - 5)} 元`);
  });

  it('is served as getPayslip decides: HR in scope yes; another worker, HR elsewhere and a draft’s owner get 404', async () => {
    const slipId = (await pay(li).payslip.mine())[0]!.id;
    expect((await get(hr2, slipId)).status).toBe(200);
    await expect(get(wang, slipId)).rejects.toMatchObject({ status: 404 });
    await expect(get(west, slipId)).rejects.toMatchObject({ status: 404 });
    const { runId: december } = await pay(hr1).run.create({ unitId: world.unit('东湖街道').id, month: '2026-12' });
    const employed = await pay(hr1).inputs.month({ unitId: world.unit('东湖街道').id, month: '2026-12' });
    await pay(hr1).inputs.saveRatings({ month: '2026-12', ratings: employed.map((w) => ({ workerId: w.workerId, rating: 'B' as const })) });
    await pay(hr1).run.compute({ runId: december });
    const draft = (await pay(hr1).run.get({ runId: december })).payslips.find((p) => p.name === '李网格')!;
    await expect(get(li, draft.payslipId)).rejects.toMatchObject({ status: 404 });
    // HR may print the draft to check it; it says so on the page.
    expect(await textOf(new Uint8Array(await (await get(hr1, draft.payslipId)).arrayBuffer()))).toContain('尚未锁定');
  });
});
