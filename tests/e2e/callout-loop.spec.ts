import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PHONE_360, VOLUNTEER, logIn, open, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const GRID_WORKER = '13800000004';

/** A wall-clock time in Asia/Shanghai as a datetime-local value, `offsetMinutes` from now. */
function shanghai(offsetMinutes: number): string {
  const at = new Date(Date.now() + offsetMinutes * 60_000);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value])
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function siteCode(page: Page, calloutPath: string): Promise<string> {
  await open(page, `${calloutPath}/code`);
  const qr = page.getByRole('img', { name: /报到码 \d{6}/ });
  await qr.waitFor();
  return /(\d{6})/.exec((await qr.getAttribute('aria-label'))!)![1]!;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

describe('the whole callout loop on a phone', () => {
  it('posts, signs up, checks in and out, confirms hours, completes, rates and prints the certificate', async () => {
    // 受理: the grid worker calls for help that starts now (the check-in window is open at once).
    const worker = await app.newPage(PHONE_360);
    await logIn(worker, GRID_WORKER);
    await open(worker, '/callouts/new');
    await worker.getByLabel('标题').fill('楼道杂物清理');
    await worker.getByLabel('类别').selectOption({ label: '环境巡查' });
    await worker.getByLabel('地点', { exact: true }).fill('湖滨社区3号楼');
    await worker.locator('#startsAt').fill(shanghai(0));
    await worker.locator('#endsAt').fill(shanghai(120));
    await worker.getByLabel('招募人数').fill('2');
    await worker.locator('#signupDeadline').fill(shanghai(120));
    await worker.getByRole('button', { name: '保存并发布' }).click();
    await worker.waitForURL(/\/callouts\/[0-9a-f-]{36}$/);
    await settled(worker);
    const calloutPath = new URL(worker.url()).pathname;
    expect(await worker.getByText('报名中').first().isVisible()).toBe(true);

    // 分派: the volunteer finds it near home and signs up.
    const volunteer = await app.newPage(PHONE_360);
    await logIn(volunteer, VOLUNTEER.phone);
    await open(volunteer, '/callouts');
    await volunteer.getByRole('link', { name: /楼道杂物清理/ }).first().click();
    await volunteer.waitForURL((u) => u.pathname === calloutPath);
    await settled(volunteer);
    await volunteer.getByRole('button', { name: '报名', exact: true }).click();
    await volunteer.getByText('报名成功，请按时到场。').waitFor();

    // 处置: check in and out with the digits shown on the grid worker's phone.
    await open(volunteer, `${calloutPath}/check-in`);
    await volunteer.getByLabel('报到码').fill(await siteCode(worker, calloutPath));
    await volunteer.getByRole('button', { name: '报到', exact: true }).click();
    await volunteer.getByText(/报到成功 \d\d:\d\d/).waitFor();
    await volunteer.getByLabel('报到码').fill(await siteCode(worker, calloutPath));
    await volunteer.getByRole('button', { name: '签退', exact: true }).click();
    await volunteer.getByText(/签退成功，本次服务 [\d.]+ 小时/).waitFor();

    // 反馈: the grid worker corrects the hours (they arrived early to set up) and completes.
    await open(worker, `${calloutPath}/attendance`);
    await worker.getByRole('button', { name: '更正工时' }).click();
    await worker.getByLabel('服务分钟数').fill('90');
    await worker.getByLabel('原因').fill('提前到场搬运工具');
    await worker.getByRole('button', { name: '保存更正' }).click();
    await worker.getByText('更正原因：提前到场搬运工具').waitFor();
    await worker.getByLabel('处置结果').fill('清理楼道杂物 8 处，消除消防隐患。');
    await worker.getByRole('button', { name: '结束任务' }).click();
    await worker.getByText('任务已完成。').waitFor();

    // 评价: the volunteer reads the filed result on the callout's page, rates it, then prints the certificate of hours.
    await open(volunteer, calloutPath);
    expect(await volunteer.getByText('清理楼道杂物 8 处，消除消防隐患。').isVisible()).toBe(true);
    await volunteer.getByLabel('5 星').check();
    await volunteer.getByRole('button', { name: '提交评价' }).click();
    await volunteer.getByText('已评价').waitFor();

    await open(volunteer, '/hours');
    expect(await volunteer.getByText('1.5 小时').first().isVisible()).toBe(true);
    await volunteer.getByRole('button', { name: '开具时长证明' }).click();
    await volunteer.getByText(/已开具证明，编号/).waitFor();
    await settled(volunteer);
    const href = await volunteer.getByRole('link', { name: /下载 PDF/ }).first().getAttribute('href');
    const pdf = await volunteer.request.get(new URL(href!, volunteer.url()).toString());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = await pdfText(await pdf.body());
    expect(text).toContain('志愿服务时长证明');
    expect(text).toContain(VOLUNTEER.name);
    expect(text).toContain('1.5 小时');
    expect(text).toContain('楼道杂物清理');
    expect(await volunteer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('the grid worker calls a callout off from its page, after a confirm step', async () => {
    const worker = await app.newPage(PHONE_360);
    await logIn(worker, GRID_WORKER);
    await open(worker, '/callouts/new');
    await worker.getByLabel('标题').fill('社区义诊协助');
    await worker.getByLabel('类别').selectOption({ label: '助老助残' });
    await worker.getByLabel('地点', { exact: true }).fill('社区卫生站');
    await worker.locator('#startsAt').fill(shanghai(24 * 60));
    await worker.locator('#endsAt').fill(shanghai(26 * 60));
    await worker.getByLabel('招募人数').fill('3');
    await worker.getByRole('button', { name: '保存并发布' }).click();
    await worker.waitForURL(/\/callouts\/[0-9a-f-]{36}$/);
    await settled(worker);
    await expectNoSeriousViolations(worker, 'callout detail for its grid worker');

    await worker.getByRole('button', { name: '取消这项任务' }).click();
    await worker.getByRole('button', { name: '不取消' }).click();
    expect(await worker.getByText('已取消').count()).toBe(0);
    await worker.getByRole('button', { name: '取消这项任务' }).click();
    await worker.getByRole('button', { name: '确认取消任务' }).click();
    await worker.getByText('已取消').first().waitFor();
  });
});
