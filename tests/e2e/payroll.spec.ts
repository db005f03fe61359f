import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE_360, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const HR = '13800000002';
const SECOND_HR = '13800000006';
const WORKER = '13800000004';
/** A fixed past month: the demo worker (hired 2021) is employed all of it, and the e2e database is a fresh copy. */
const MONTH = '2026-04';

// Hand-checked: 3,500 base; 1,500 × A 1.2 = 1,800; 100 communication; 2 h 30 min × 30/h = 75;
// gross 5,475.00; social insurance 350.00; net 5,125.00.
const GROSS = '5,475.00 元';
const DEDUCTED = '350.00 元';
const NET = '5,125.00 元';

let runPath = '';

async function checked(page: Page, what: string) {
  await expectNoSeriousViolations(page, what);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
}

const notice = (page: Page, text: string) => page.locator('.notice', { hasText: text }).waitFor();

describe('payroll on a phone: structure, inputs, a run with four eyes, export and the payslip', () => {
  it('HR sets a salary structure for 东湖街道 (a bad amount is refused by its field)', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/pay');
    await page.getByRole('heading', { name: '薪酬发放', level: 1 }).waitFor();
    await checked(page, 'the payroll runs');

    await page.getByRole('link', { name: '薪酬结构' }).click();
    await page.waitForURL((url) => url.pathname === '/hr/pay/structures');
    await settled(page);
    await page.getByLabel('单位', { exact: true }).selectOption({ label: '东湖街道' });
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByRole('heading', { name: '东湖街道的薪酬结构' }).waitFor();
    await page.getByText('该单位还没有自己的薪酬结构。').waitFor();
    await checked(page, 'the structure editor');

    await page.getByLabel('生效日期').fill(`${MONTH}-01`);
    await page.getByLabel('基本工资（元）').fill('3500.001');
    await page.getByLabel('绩效工资基数（元）').fill('1,500');
    expect(await page.getByLabel('A 级系数').inputValue()).toBe('1.2');
    await page.getByLabel('通讯补贴（元）').fill('100');
    await page.getByLabel('加班补贴（元）').fill('30');
    await page.getByRole('button', { name: '保存薪酬结构' }).click();
    // Three decimals of a yuan is not money: said by the field, which gets the focus.
    await page.locator('#s-basePayFen-error').waitFor();
    expect(await page.locator('#s-basePayFen-error').textContent()).toContain('最多两位小数');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('s-basePayFen');
    await expectNoSeriousViolations(page, 'the structure editor with an error');

    await page.getByLabel('基本工资（元）').fill('3500');
    await page.getByRole('button', { name: '保存薪酬结构' }).click();
    await notice(page, `已保存 ${MONTH}-01 起执行的薪酬结构。`);
    const saved = page.locator('li.card', { hasText: `${MONTH}-01 起执行` });
    await saved.waitFor();
    expect(await saved.textContent()).toContain('3,500.00 元');
    expect(await saved.textContent()).toContain('A 1.2 · B 1.0 · C 0.8 · D 0.5');
    expect(await saved.textContent()).toContain('30.00 元/小时');
    await checked(page, 'the structure editor after saving');
  });

  it('HR enters 张网格’s rating, overtime and a deduction for the month', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/pay');
    await page.getByRole('link', { name: '月度录入' }).click();
    await page.waitForURL((url) => url.pathname === '/hr/pay/inputs');
    await settled(page);
    await page.getByLabel('单位', { exact: true }).selectOption({ label: '东湖街道' });
    await page.getByLabel('月份').fill(MONTH);
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByRole('heading', { name: '东湖街道 · 2026年4月' }).waitFor();
    await checked(page, 'the monthly inputs');

    await page.getByLabel('绩效评级 张网格').selectOption('A');
    await page.getByText('有 1 项评级改动尚未保存。').waitFor();
    await page.getByRole('button', { name: '保存全部评级' }).click();
    await notice(page, '已保存 1 项评级。');

    await page.getByRole('button', { name: '录入加班、扣款、奖励 张网格' }).click();
    const overtime = page.getByRole('form', { name: '批准的加班' });
    await overtime.getByLabel('小时', { exact: true }).fill('2');
    await overtime.getByLabel('分钟', { exact: true }).selectOption('30');
    await overtime.getByRole('button', { name: '添加加班' }).click();
    await notice(page, '已为张网格添加加班 2 小时 30 分钟。');

    const deduction = page.getByRole('form', { name: '扣款', exact: true });
    await deduction.getByLabel('扣款类型').selectOption({ label: '社会保险（个人部分）' });
    await deduction.getByLabel('金额（元）').fill('350');
    await deduction.getByRole('button', { name: '添加扣款' }).click();
    await notice(page, `已为张网格添加社会保险（个人部分） ${DEDUCTED}。`);

    const totals = page.locator('dl.totals');
    expect(await totals.textContent()).toContain('1 / 1');
    expect(await totals.textContent()).toContain('2 小时 30 分钟');
    expect(await totals.textContent()).toContain(DEDUCTED);
    // The saved rating survives the reloads after each entry.
    expect(await page.getByLabel('绩效评级 张网格').inputValue()).toBe('A');
    await checked(page, 'the monthly inputs with an entry panel open');
  });

  it('HR creates, computes and reviews the run, and the page refuses them the approval (four eyes)', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, '/hr/pay');
    await page.getByLabel('单位', { exact: true }).selectOption({ label: '东湖街道' });
    await page.getByLabel('月份').fill(MONTH);
    await page.getByRole('button', { name: '新建批次' }).click();
    await page.waitForURL(/\/hr\/pay\/[0-9a-f-]{36}$/);
    await settled(page);
    runPath = pathname(page);
    await page.getByRole('heading', { name: '东湖街道 2026年4月', level: 1 }).waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('草稿');
    await checked(page, 'a new run');

    await page.getByRole('button', { name: '计算工资' }).click();
    await notice(page, '已计算 1 张工资条');
    const row = page.getByRole('row', { name: /张网格/ });
    const cells = await row.textContent();
    expect(cells).toContain(GROSS);
    expect(cells).toContain(DEDUCTED);
    expect(cells).toContain(NET);
    expect(cells).toContain('无上月记录');
    await checked(page, 'a computed run');

    await page.getByRole('button', { name: '复核通过' }).click();
    await notice(page, '已复核通过');
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('已复核');
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('李人事');
    await page.getByText('审批须由另一位人事完成').waitFor();
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    await checked(page, 'a reviewed run seen by its reviewer');
  });

  it('a second HR user approves and locks it; the .xlsx export downloads with the right net', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, SECOND_HR);
    await open(page, runPath);
    await page.getByText('该批次由李人事创建、李人事复核').waitFor();
    await checked(page, 'a reviewed run seen by another HR user');
    await page.getByRole('button', { name: '审批通过' }).click();
    await notice(page, '已审批通过，可以锁定。');

    await page.getByRole('button', { name: '锁定批次' }).click();
    await page.getByText(`确定锁定 ${MONTH} 的薪酬批次？`).waitFor();
    // A stray Enter keeps things as they are: the focus is on "not now".
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('暂不操作');
    await expectNoSeriousViolations(page, 'the lock confirm step');
    await page.getByRole('button', { name: '确认锁定' }).click();
    await notice(page, '已锁定。');
    const current = await page.locator('[aria-current="step"]').textContent();
    expect(current).toContain('已锁定');
    expect(current).toContain('孙复核');
    await page.getByRole('button', { name: '标记为已发放' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel（.xlsx）' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile((await download.path())!)) as unknown as ExcelJS.Buffer);
    const summary = workbook.getWorksheet('汇总')!;
    const rows = (summary.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const zhang = rows.find((r) => r[0] === '张网格')!;
    expect(zhang.slice(2)).toEqual([5475, 350, 5125]);
    expect(await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href')).toBe(`${runPath}/export/csv`);
    await checked(page, 'a locked run');
  });

  it('张网格 sees the itemised payslip with the right net, printable on a phone', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, WORKER);
    await page.getByRole('link', { name: '我的工资条' }).click();
    await page.waitForURL((url) => url.pathname === '/payslips');
    await settled(page);
    const link = page.getByRole('link', { name: /2026年4月 工资条/ });
    expect(await link.textContent()).toContain(`实发 ${NET}`);
    await checked(page, 'my payslips');

    await link.click();
    await page.waitForURL(/\/payslips\/[0-9a-f-]{36}$/);
    await settled(page);
    await page.getByRole('heading', { name: '2026年4月 工资条', level: 1 }).waitFor();
    const earnings = page.getByRole('table', { name: '应发项目' });
    expect(await earnings.getByRole('row', { name: /基本工资/ }).textContent()).toContain('3,500.00 元');
    const performance = await earnings.getByRole('row', { name: /绩效工资/ }).textContent();
    expect(performance).toContain('1,800.00 元');
    expect(performance).toContain('评级 A 系数 1.2');
    expect(await earnings.getByRole('row', { name: /加班补贴/ }).textContent()).toContain('75.00 元');
    expect(await earnings.getByRole('row', { name: /应发合计/ }).textContent()).toContain(GROSS);
    const deductions = page.getByRole('table', { name: '扣款项目' });
    expect(await deductions.getByRole('row', { name: /社会保险/ }).textContent()).toContain(`-${DEDUCTED}`);
    expect(await page.locator('.net').textContent()).toContain(NET);
    expect(await page.getByRole('link', { name: '下载 PDF' }).getAttribute('href')).toMatch(/^\/payslips\/[0-9a-f-]{36}\/pdf$/);
    expect(await page.getByRole('button', { name: /更正/ }).count()).toBe(0);
    await checked(page, 'a payslip');

    // Printed: only the payslip, no menu or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await page.locator('.net').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // In English too.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Payslip for April 2026', level: 1 }).waitFor();
    expect(await page.locator('.net').textContent()).toContain('5,125.00 yuan');
    expect(await page.getByRole('table', { name: 'Earnings' }).getByRole('row', { name: /Gross/ }).textContent()).toContain('5,475.00 yuan');
    await checked(page, 'a payslip in English');
  });

  it('HR corrects a locked line through a later month and marks the run paid', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, runPath);
    await page.getByRole('link', { name: '张网格' }).click();
    await page.waitForURL(/\/payslips\/[0-9a-f-]{36}$/);
    await settled(page);

    await page.getByRole('button', { name: '更正 基本工资' }).click();
    const form = page.getByRole('form', { name: '更正“基本工资”' });
    expect(await form.getByLabel('计入月份').inputValue()).not.toBe('');
    await form.getByLabel('计入月份').fill('2026-05');
    await form.getByLabel('更正金额（元）').fill('abc');
    await form.getByRole('button', { name: '添加更正' }).click();
    await page.getByText('请输入不为 0 的金额').waitFor();
    await form.getByLabel('更正金额（元）').fill('-100');
    await form.getByLabel('原因').fill('四月基本工资多发 100 元');
    await expectNoSeriousViolations(page, 'the correction form');
    await form.getByRole('button', { name: '添加更正' }).click();
    await notice(page, '已添加对“基本工资”的更正 -100.00 元，将计入 2026年5月 的批次。');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('更正 基本工资');
    await checked(page, 'a payslip seen by HR');

    await page.getByRole('link', { name: '返回薪酬批次' }).click();
    await page.waitForURL((url) => url.pathname === runPath);
    await settled(page);
    await page.getByRole('button', { name: '标记为已发放' }).click();
    await page.getByRole('button', { name: '确认已发放' }).click();
    await notice(page, '已标记为已发放');
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('已发放');
    await page.getByText('该批次已发放，流程已完成。').waitFor();
    await checked(page, 'a paid run');
  });
  it('the next month\'s run pays the correction as its own line, naming what it corrects', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, HR);
    await open(page, `/hr/pay/inputs?month=2026-05`);
    await page.getByLabel('单位', { exact: true }).selectOption({ label: '东湖街道' });
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByRole('heading', { name: '东湖街道 · 2026年5月' }).waitFor();
    // Everyone not yet rated at once, then one save.
    await page.getByLabel('未评级的人员统一设为').selectOption('B');
    await page.getByRole('button', { name: '应用' }).click();
    await notice(page, '已将 1 名未评级人员设为 B，保存后生效。');
    // The save is offered above the list too, and gets the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('保存这 1 项评级改动');
    await page.keyboard.press('Enter');
    await notice(page, '已保存 1 项评级。');

    await open(page, '/hr/pay');
    await page.getByLabel('单位', { exact: true }).selectOption({ label: '东湖街道' });
    await page.getByLabel('月份').fill('2026-05');
    await page.getByRole('button', { name: '新建批次' }).click();
    await page.waitForURL(/\/hr\/pay\/[0-9a-f-]{36}$/);
    await settled(page);
    await page.getByRole('button', { name: '计算工资' }).click();
    await notice(page, '已计算 1 张工资条');
    // 3,500 + 1,500 × B 1.0 + 100 − 100 corrected = 5,000.00 against April's 5,125.00.
    const row = await page.getByRole('row', { name: /张网格/ }).textContent();
    expect(row).toContain('5,000.00 元');
    expect(row).toContain('-125.00 元');
    expect(row).not.toContain('变动较大');

    await page.getByRole('link', { name: '张网格' }).click();
    await page.waitForURL(/\/payslips\/[0-9a-f-]{36}$/);
    await settled(page);
    await page.getByText('该批次尚未锁定，金额可能还会变化。').waitFor();
    const fix = await page.getByRole('table', { name: '应发项目' }).getByRole('row', { name: /^更正/ }).textContent();
    expect(fix).toContain('-100.00 元');
    expect(fix).toContain('四月基本工资多发 100 元');
    expect(fix).toContain('更正的是 2026年4月 的“基本工资”（原金额 3,500.00 元）。');
    // A draft line is fixed by recomputing, not corrected.
    expect(await page.getByRole('button', { name: /^更正/ }).count()).toBe(0);
    await checked(page, 'a draft payslip with a correction');
    await page.getByRole('link', { name: '查看 2026年4月 工资条' }).click();
    await page.getByRole('heading', { name: '2026年4月 工资条', level: 1 }).waitFor();
  });
});
