import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PHONE_360, freshPhone, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const HR = '13800000002';

const HEADER = '姓名,手机号,邮箱,社区,网格,岗位,入职日期,学历,银行卡后四位,离职日期,离职原因';
/** Yesterday in Asia/Shanghai: a leave date that has passed. */
const yesterday = () => new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);

describe('worker records and bulk import on a phone', () => {
  it('HR downloads the template, imports workers from a CSV (after fixing a bad row), finds one and records the leave', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/workers');
    await page.getByRole('heading', { name: '网格员档案', level: 1 }).waitFor();
    await expectNoSeriousViolations(page, 'worker list');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: '批量导入' }).click();
    await page.waitForURL((url) => url.pathname === '/hr/workers/import');
    await settled(page);
    await expectNoSeriousViolations(page, 'import page');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    // The template: headers with the required ones marked, an example row, a notes sheet naming the HR user's grids.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载网格员导入模板（.xlsx）' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ExcelJS.Buffer);
    const [data, notes] = workbook.worksheets;
    expect(data!.name).toBe('网格员');
    expect((data!.getRow(1).values as string[]).slice(1, 4)).toEqual(['姓名*', '手机号*', '邮箱']);
    expect(String(data!.getCell(2, 1).value)).toMatch(/^示例/);
    expect(notes!.name).toBe('填写说明');
    const noteText = (notes!.getSheetValues() as unknown[][]).flat().join('\n');
    expect(noteText).toContain('东湖街道 / 湖滨社区 / 第一网格');
    expect(noteText).not.toContain('西山社区');

    const people = [
      { name: '导入甲', phone: freshPhone() },
      { name: '导入乙', phone: freshPhone() },
      { name: '导入丙', phone: freshPhone() }
    ];
    const csv = (rows: string[]) => ({ name: '网格员.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`) });
    const rowOf = (p: { name: string; phone: string }, hire = '2024-03-01') => `${p.name},${p.phone},,湖滨社区,第二网格,网格员,${hire},大专,1234,,`;

    // A file with one bad row: the report names row, column and reason, and nothing can be imported.
    const file = page.getByLabel('选择文件');
    await file.setInputFiles(csv([rowOf(people[0]!), rowOf(people[1]!, '2024-02-30'), rowOf(people[2]!)]));
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('发现 1 处错误。').waitFor();
    const table = page.getByRole('table', { name: '错误明细' });
    expect(await table.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['3', '入职日期', '日期无法识别：“2024-02-30”（请写成 2024-03-01）']);
    expect(await page.getByRole('button', { name: '导入 2 行' }).isDisabled()).toBe(true);
    await expectNoSeriousViolations(page, 'import page with an error report');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    // Corrected: checked clean, then imported.
    await file.setInputFiles(csv(people.map((p) => rowOf(p))));
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('没有发现错误，可以导入。').waitFor();
    expect(await page.getByText('“网格员.csv”：共 3 行数据，3 行无误。').isVisible()).toBe(true);
    await page.getByRole('button', { name: '导入 3 行' }).click();
    await page.getByText('已导入 3 人。').waitFor();
    await expectNoSeriousViolations(page, 'import page after the import');

    // In the list, found by name; the record opens and takes a leave date with its reason.
    await page.getByRole('link', { name: '查看网格员档案' }).click();
    await page.waitForURL((url) => url.pathname === '/hr/workers');
    await settled(page);
    await page.getByLabel('姓名或手机号').fill('导入');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.getByText('共 3 人').waitFor();
    for (const p of people) expect(await page.getByRole('link', { name: p.name }).isVisible()).toBe(true);

    await page.getByRole('link', { name: '导入乙' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/hr/workers/') && url.pathname !== '/hr/workers/import');
    await settled(page);
    await page.getByRole('heading', { name: '网格员档案：导入乙' }).waitFor();
    expect(await page.getByText('还没有登录密码').isVisible()).toBe(true);
    await expectNoSeriousViolations(page, 'worker record');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    // Only a date: the reason is asked for, by the field, which gets the focus.
    await page.getByLabel('离职日期').fill(yesterday());
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('填写离职日期时，请同时填写离职原因').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('leaveReason');
    await page.keyboard.type('合同到期');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();

    const recordPath = pathname(page);
    await open(page, recordPath);
    expect(await page.getByLabel('离职日期').inputValue()).toBe(yesterday());
    expect(await page.getByLabel('离职原因').inputValue()).toBe('合同到期');

    await open(page, '/hr/workers?status=left&q=%E5%AF%BC%E5%85%A5');
    await page.getByText('共 1 人').waitFor();
    expect(await page.getByText(`${yesterday()} 离职`).isVisible()).toBe(true);
  });

  it('a grid worker who has left keeps their payslips and loses the grid-worker pages', async () => {
    const hr = await app.newPage(PHONE_360);
    await logIn(hr, HR);
    await open(hr, '/hr/workers?q=13800000004');
    await hr.getByRole('link', { name: '张网格' }).click();
    await hr.getByRole('heading', { name: '网格员档案：张网格' }).waitFor();
    await settled(hr);
    await hr.getByLabel('离职日期').fill(yesterday());
    await hr.getByLabel('离职原因').fill('调往街道办工作');
    await hr.getByRole('button', { name: '保存' }).click();
    await hr.getByText('已保存').waitFor();

    const worker = await app.newPage(PHONE_360);
    await logIn(worker, '13800000004');
    const menu = worker.getByRole('navigation').first();
    await menu.getByRole('link', { name: '我的工资条' }).waitFor();
    expect(await menu.getByRole('link', { name: '发布任务' }).count()).toBe(0);
    expect(await menu.getByRole('link', { name: '心灵驿站' }).count()).toBe(0);
    expect(await open(worker, '/callouts/new')).toBe(403);
    expect(await open(worker, '/payslips')).toBe(200);
    await worker.getByRole('heading', { name: '我的工资条', level: 1 }).waitFor();
    await expectNoSeriousViolations(worker, 'payslips after leaving');
    expect(await scrollWidth(worker)).toBeLessThanOrEqual(360);
    for (const page of [hr, worker]) await page.context().close();
  });

  it('refuses a picture, a file over 10 MB in the page, and a 50 MB file sent straight to the API, in words', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/workers/import');
    const file = page.getByLabel('选择文件');

    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(256)]);
    await file.setInputFiles({ name: '照片.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('不是 Excel 或 CSV 文件。请上传 .xlsx 或 .csv 文件（可以先下载模板）。').waitFor();

    await file.setInputFiles({ name: '很大.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
    await page.getByRole('button', { name: '检查文件' }).click();
    await page.getByText('文件太大（11.0 MB），上限为 10.0 MB。请分成几个文件导入。').waitFor();
    await expectNoSeriousViolations(page, 'import page refusing a file');

    // Past the adapter's body limit, the import's own message: no 413, no 500.
    const response = await page.request.post('/api/trpc/worker.import', {
      data: { kind: 'workers', fileName: 'huge.xlsx', contentBase64: Buffer.alloc(50 * 1024 * 1024, 7).toString('base64'), commit: true },
      timeout: 60_000
    });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { result: { data: { fileError: string; committed: boolean } } };
    expect(body.result.data).toMatchObject({ fileError: '文件太大（50.0 MB），上限为 10.0 MB。请分成几个文件导入。', committed: false });
  });
});
