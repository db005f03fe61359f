import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, DESKTOP_1280, PHONE_360, VOLUNTEER, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const GRID_WORKER = '13800000004';
const FAIR = '网格员服务节';
const MEETING = '网格员月度例会';

/** The calendar's entries as text, once it has finished loading the visible range. */
async function entries(page: Page): Promise<string> {
  await page.locator('.calendar-frame[aria-busy="false"]').waitFor();
  return (await page.locator('.fc-view-harness').innerText()).replace(/\s+/g, ' ');
}

/** Steps forward month by month (at most 2) until the seeded fair, 14 days ahead, is in view. */
async function showFair(page: Page): Promise<void> {
  for (let i = 0; i < 3 && !(await entries(page)).includes(FAIR); i++) await page.locator('.fc-next-button').click();
  expect(await entries(page)).toContain(FAIR);
}

describe('one calendar', () => {
  it('on a phone: the list by default, views switch, filters apply, an item opens', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, VOLUNTEER.phone);
    await open(page, '/calendar');
    await page.locator('.fc-list').waitFor();
    await showFair(page);
    // A volunteer sees the public fair, not the staff meeting.
    expect(await entries(page)).not.toContain(MEETING);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await expectNoSeriousViolations(page, 'calendar list view at 360 px');

    await page.getByRole('button', { name: '月', exact: true }).click();
    await page.locator('.fc-daygrid').waitFor();
    await page.getByRole('button', { name: '日程', exact: true }).click();
    await page.locator('.fc-list').waitFor();

    await page.getByRole('checkbox', { name: '活动', exact: true }).uncheck();
    await expect.poll(() => entries(page)).not.toContain(FAIR);
    await page.getByRole('checkbox', { name: '活动', exact: true }).check();
    await expect.poll(() => entries(page)).toContain(FAIR);

    await page.getByRole('link', { name: new RegExp(FAIR) }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/events/'));
    await settled(page);
    await page.getByRole('heading', { name: FAIR }).waitFor();
    await page.getByRole('heading', { name: '健康义诊' }).waitFor();
    await expectNoSeriousViolations(page, 'event page at 360 px');
    const ics = await page.request.get(`${pathname(page)}/ics`);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain(`SUMMARY:${FAIR}`);
  });

  it('at desktop width: the month grid, the week, the staff meeting for staff, a unit filter', async () => {
    const page = await app.newPage(DESKTOP_1280);
    await logIn(page, ADMIN.phone);
    await open(page, '/calendar');
    await page.locator('.fc-daygrid').waitFor();
    await showFair(page);
    await expectNoSeriousViolations(page, 'calendar month view at 1280 px');
    await page.getByRole('button', { name: '周', exact: true }).click();
    await page.locator('.fc-timegrid').waitFor();
    await page.getByRole('button', { name: '月', exact: true }).click();
    await showFair(page);

    await page.getByLabel('单位').selectOption({ label: '城西区 › 西山街道' });
    await expect.poll(() => entries(page)).not.toContain(FAIR);
    await page.getByLabel('单位').selectOption({ label: '城东区 › 东湖街道' });
    await expect.poll(() => entries(page)).toContain(FAIR);
  });

  it('a private feed address works until a new one is made', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, VOLUNTEER.phone);
    await open(page, '/calendar');
    await page.getByRole('button', { name: '生成订阅链接' }).click();
    const first = await page.getByLabel('订阅链接').inputValue();
    const feed = await page.request.get(first);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');

    await page.getByRole('button', { name: '重新生成链接' }).click();
    await page.getByRole('button', { name: '确定，重新生成' }).click();
    await expect.poll(() => page.getByLabel('订阅链接').inputValue()).not.toBe(first);
    expect((await page.request.get(first)).status()).toBe(404);
    expect((await page.request.get(await page.getByLabel('订阅链接').inputValue())).status()).toBe(200);
  });

  it('a grid worker staffs a booth with a callout made from it in one step', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, GRID_WORKER);
    await open(page, '/calendar');
    await showFair(page);
    await page.getByRole('link', { name: new RegExp(FAIR) }).first().click();
    await page.waitForURL((url) => url.pathname.startsWith('/events/'));
    await settled(page);
    const eventPath = pathname(page);
    await page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '健康义诊' }) }).getByRole('link', { name: '为该展位发布任务召集' }).click();
    await expect.poll(() => pathname(page)).toBe('/callouts/new');
    await settled(page);
    expect(await page.getByLabel('标题').inputValue()).toBe(`${FAIR} · 健康义诊`);
    expect(await page.getByLabel('地点').inputValue()).toBe('东湖街道文化广场');
    await page.getByRole('button', { name: '存为草稿' }).click();
    await expect.poll(() => pathname(page)).toMatch(/^\/callouts\/[0-9a-f-]{36}$/);
    await open(page, eventPath);
    await page.getByRole('link', { name: /任务召集：服务节|网格员服务节 · 健康义诊/ }).waitFor();
  });
});
