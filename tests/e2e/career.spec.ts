import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, PHONE_360, logIn, open, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const HR = '13800000002';
const SECOND_HR = '13800000006';
const WORKER = '13800000004';

const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const thisYear = Number(today.slice(0, 4));
/** The last three full years: the rule "3 consecutive years 优秀 → 社区副站长" then holds. */
const YEARS = [thisYear - 3, thisYear - 2, thisYear - 1];
const CITATION = '坚持每日走访独居老人，一年化解邻里纠纷三十余起。';
/** The smallest PNG the server accepts by its first bytes. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let streetRollPath = '';

async function checked(page: Page, what: string) {
  await expectNoSeriousViolations(page, what);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
}

const notice = (page: Page, text: string) => page.locator('.notice', { hasText: text }).waitFor();

async function chooseUnit(page: Page, path: string, unit: string, year?: number) {
  await open(page, path);
  await page.getByLabel('单位', { exact: true }).selectOption({ label: unit });
  if (year) await page.getByLabel('年度', { exact: true }).selectOption({ label: `${year} 年` });
  await page.getByRole('button', { name: '查看', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.has('unit'));
  await settled(page);
}

describe('careers on a phone: appraisals, eligibility, a promotion with four eyes, honours, figures', () => {
  it('HR enters three years of 优秀 for 张网格: the quota warning and the award offer appear', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/career');
    await page.getByRole('heading', { name: '年度考核', level: 1 }).waitFor();
    await checked(page, 'the appraisal desk');

    for (const year of YEARS) {
      await chooseUnit(page, '/hr/career', '东湖街道', year);
      await page.getByRole('heading', { name: `东湖街道 · ${year} 年` }).waitFor();
      // Saving without a result is refused by the field, which gets the focus.
      await page.getByRole('button', { name: '保存考核 张网格' }).click();
      await page.getByText('请先选择考核结果。').waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');

      await page.getByLabel('考核结果 张网格').selectOption({ label: '优秀' });
      await page.getByLabel('评语 张网格').fill(`${year} 年服务群众表现突出`);
      await page.getByRole('button', { name: '保存考核 张网格' }).click();
      await notice(page, `已保存张网格 ${year} 年考核：优秀。`);
      // One of one appraised in 东湖街道 is 100%, past the default 20%: a warning, not a refusal.
      await page.locator('.alert', { hasText: `东湖街道 ${year} 年已评优秀 1 人，占 100%，超过 20% 的比例。` }).waitFor();
      await page.getByRole('button', { name: '发放 5000 元优秀奖励 张网格' }).waitFor();
      await page.getByText('已录入：优秀').waitFor();
    }
    await checked(page, 'the appraisal desk with a warning and the award offer');
    await page.getByRole('button', { name: '发放 5000 元优秀奖励 张网格' }).click();
    await notice(page, '已为张网格添加 5000 元年度考核优秀奖励，将计入下一次薪酬发放。');
    expect(await page.getByRole('button', { name: '发放 5000 元优秀奖励 张网格' }).count()).toBe(0);
  });

  it('张网格 sees that they may be appointed 社区副站长, with the reason, and registers a certificate with its scan', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, WORKER);
    await open(page, '/career');
    await page.getByRole('heading', { name: '我的发展', level: 1 }).waitFor();
    const eligible = page.getByRole('heading', { name: '符合条件：可社区副站长' });
    await eligible.waitFor();
    await page.getByText(`连续 3 年考核优秀（${YEARS[0]}–${YEARS[2]} 年）`).waitFor();
    // The second rule says what is missing, in words; ✓/✗ are not the only cue for screen readers.
    await page.getByRole('heading', { name: '暂不符合：街道事业编定向招聘' }).waitFor();
    await page.getByText('还差 2 年优秀').waitFor();
    expect(await page.locator('.visually-hidden', { hasText: '已满足' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.visually-hidden', { hasText: '未满足' }).count()).toBeGreaterThan(0);
    for (const year of YEARS) await page.getByRole('row', { name: new RegExp(`${year} 年 优秀`) }).waitFor();
    await checked(page, 'my career');

    const form = page.getByRole('form', { name: '登记新证书' });
    await form.getByText('JPG、PNG 图片或 PDF 文件，最大 5 MB').waitFor();
    await form.getByLabel('证书类型').selectOption({ label: '心理咨询师' });
    await form.getByLabel('证书编号').fill('XL2024-0815');
    await form.getByLabel('发证机构').fill('某市人力资源和社会保障局');
    await form.getByLabel('发证日期').fill('2024-06-01');
    // Too large is said at once, by the field, before any upload.
    await form.getByLabel('证书扫描件').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]) });
    await form.getByRole('button', { name: '提交核验' }).click();
    await form.getByText('超过 5 MB 的上限').waitFor();
    await form.getByLabel('证书扫描件').setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: PNG });
    await form.getByRole('button', { name: '提交核验' }).click();
    await notice(page, '已提交心理咨询师，等待人事核验。');
    const item = page.locator('li.card', { hasText: 'XL2024-0815' });
    await item.getByText('待人事核验').waitFor();
    await item.getByRole('link', { name: /查看扫描件/ }).waitFor();
    await checked(page, 'my career with a certificate waiting');
  });

  it('HR verifies the scan, nominates 张网格 and, as the nominator, is told why they cannot decide', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/career/certificates');
    const cert = page.locator('li.card', { hasText: 'XL2024-0815' });
    await cert.waitFor();
    await checked(page, 'certificates to verify');
    const href = await cert.getByRole('link', { name: /查看扫描件/ }).getAttribute('href');
    const scan = await page.request.get(href!);
    expect(scan.status()).toBe(200);
    expect(scan.headers()['content-type']).toBe('image/png');
    expect(scan.headers()['x-content-type-options']).toBe('nosniff');
    expect(scan.headers()['content-disposition']).toMatch(/^inline/);
    expect(Buffer.from(await scan.body()).equals(PNG)).toBe(true);
    await cert.getByRole('button', { name: /^核验通过/ }).click();
    await notice(page, '已核验张网格的心理咨询师。');

    await chooseUnit(page, '/hr/career/eligibility', '东湖街道');
    const card = page.locator('li.card', { hasText: '张网格' });
    await card.getByRole('heading', { name: '符合条件：可社区副站长' }).waitFor();
    await checked(page, 'eligibility of 东湖街道');
    await card.getByRole('button', { name: '提名 张网格：社区副站长' }).click();
    const reason = card.getByLabel('提名理由');
    expect(await reason.inputValue()).toContain('连续 3 年考核优秀');
    await expectNoSeriousViolations(page, 'the nomination form');
    await card.getByRole('button', { name: '提交提名' }).click();
    await notice(page, '已提名张网格：社区副站长，等待另一位人事复核。');

    await open(page, '/hr/career/promotions');
    const mine = page.locator('li.card', { hasText: '张网格 → 社区副站长' });
    await mine.getByText('这是您提出的提名。按照提名人不审批的规定，须由另一位人事复核和审批。').waitFor();
    expect(await mine.getByRole('button').count()).toBe(0);
    await checked(page, 'the pipeline as the nominator');
  });

  it('孙复核 reviews and approves with today’s date; 张网格’s position history shows 社区副站长', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, SECOND_HR);
    await open(page, '/hr/career/promotions');
    await page.getByRole('button', { name: '复核通过 张网格' }).click();
    await notice(page, '已复核张网格的提名（社区副站长），等待审批。');
    const reviewed = page.getByRole('region', { name: /待审批/ }).locator('li.card', { hasText: '张网格 → 社区副站长' });
    await reviewed.waitFor();
    expect(await reviewed.getByLabel('生效日期').inputValue()).toBe(today);
    await checked(page, 'the pipeline with a reviewed nomination');
    await reviewed.getByRole('button', { name: '批准 张网格', exact: true }).click();
    await notice(page, `已批准张网格任社区副站长，${today} 起生效。`);
    await page.getByRole('region', { name: /已决定/ }).getByText(`${today} 起生效`).waitFor();

    const worker = await app.newPage(PHONE_360);
    await logIn(worker, WORKER);
    await open(worker, '/career');
    await worker.getByText('现任岗位：社区副站长').waitFor();
    const history = worker.locator('ol.timeline li', { hasText: '社区副站长' });
    expect(await history.textContent()).toContain(`${today} 起`);
    expect(await history.textContent()).toContain('（晋升）');
    await worker.locator('li.card', { hasText: '社区副站长' }).getByText('已批准').waitFor();
    await checked(worker, 'my career after the promotion');
  });

  it('HR awards an honour, and the public honour roll of 东湖街道 shows it to someone signed out', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await chooseUnit(page, '/hr/career/honours', '东湖街道');
    const form = page.getByRole('form', { name: '授予荣誉' });
    await checked(page, 'the honours desk');
    await form.getByRole('button', { name: '授予荣誉' }).click();
    await form.getByText('请选择网格员。').waitFor();
    await form.getByLabel('网格员').selectOption({ label: '张网格（湖滨社区第一网格）' });
    await form.getByLabel('荣誉').selectOption({ label: '最美网格员' });
    await form.getByLabel('事迹简介').fill(CITATION);
    await form.getByRole('button', { name: '授予荣誉' }).click();
    await notice(page, `已授予张网格“最美网格员”（${thisYear} 年）。`);
    const link = page.getByRole('link', { name: '打开东湖街道的公开光荣榜' });
    streetRollPath = (await link.getAttribute('href'))!;
    expect(streetRollPath).toMatch(/^\/honours\/[0-9a-f-]{36}$/);

    const visitor = await app.newPage(PHONE_360);
    expect(await open(visitor, streetRollPath)).toBe(200);
    await visitor.getByRole('heading', { name: '东湖街道光荣榜', level: 1 }).waitFor();
    const entry = visitor.locator('li.card', { hasText: '张网格' });
    await entry.getByText('最美网格员').waitFor();
    await entry.getByText('第一网格').waitFor();
    await entry.getByText(CITATION).waitFor();
    // Names and citations only: no phone number of anyone.
    expect(await visitor.locator('main').textContent()).not.toMatch(/1[3-9]\d{9}/);
    await checked(visitor, 'the public honour roll');
  });

  it('figures for 东湖街道 as a chart and a table, exported to .xlsx; admins may open them, grid workers not the desk', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await chooseUnit(page, '/hr/career/figures', '东湖街道', thisYear - 1);
    await page.getByRole('heading', { name: `东湖街道 · ${thisYear - 1} 年` }).waitFor();
    await page.getByRole('img', { name: '各单位的流失率与持证率（%）' }).waitFor();
    const table = page.getByRole('table', { name: '各单位的队伍数字' });
    await table.getByRole('rowheader', { name: '东湖街道（合计）' }).waitFor();
    await table.getByRole('rowheader', { name: '湖滨社区' }).waitFor();
    await page.locator('.state').first().waitFor({ state: 'detached' });
    await checked(page, 'workforce figures');

    const href = await page.getByRole('link', { name: '导出 Excel（.xlsx）' }).getAttribute('href');
    const file = await page.request.get(href!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await file.body()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('单位');
    expect(sheet.getRow(1).getCell(5).value).toBe('流失率（%）');
    expect(sheet.getRow(2).getCell(1).value).toBe('东湖街道（合计）');
    expect(sheet.getRow(2).getCell(3).value).toBe(1);
    expect(sheet.getRow(2).getCell(8).value).toBe(1);

    const admin = await app.newPage(PHONE_360);
    await logIn(admin, ADMIN.phone);
    expect(await open(admin, '/hr/career/figures')).toBe(200);
    await admin.getByRole('heading', { name: '队伍统计', level: 1 }).waitFor();
    expect(await admin.getByRole('navigation', { name: '考核与晋升的各项工作' }).count()).toBe(0);
    await checked(admin, 'workforce figures as an admin');

    const worker = await app.newPage(PHONE_360);
    await logIn(worker, WORKER);
    expect(await open(worker, '/hr/career')).toBe(403);
  });
});
