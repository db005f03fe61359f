import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, DEMO_PASSWORD, PHONE_360, freshPhone, logIn, open, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';
import { PSS4_ITEMS, WHO5_ITEMS } from '../../src/lib/wellbeing/instruments';

// The mixing round (checkin.ts) runs on the server's clock; a fast clock lets answers count within
// the test instead of after 30 s.
const app = useApp(() => ({ SCHEDULER_INTERVAL_MS: '1000' }));

const GRID_WORKER = '13800000004';
const COUNSELOR = '13800000003';
const HR = '13800000002';

interface UnitNode { id: string; name: string; children: UnitNode[] }
interface Week { week: string; suppressed: boolean; n: number | null; who5Mean: number | null }

/** A tRPC call over HTTP with the page's session cookie, as any outside client makes it. */
async function call<T>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation'): Promise<T> {
  const response =
    kind === 'query'
      ? await page.request.get(`/api/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
      : await page.request.post(`/api/trpc/${path}`, { data: input });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${path}: ${response.status()} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

function unitId(nodes: UnitNode[], ...names: string[]): string {
  let level = nodes;
  let found: UnitNode | undefined;
  for (const name of names) {
    const search = (list: UnitNode[]): UnitNode | undefined => list.map((n) => (n.name === name ? n : search(n.children))).find(Boolean);
    found = search(level);
    if (!found) throw new Error(`no unit ${names.join('/')}`);
    level = found.children;
  }
  return found!.id;
}

const focusedInside = (page: Page, selector: string) => page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector);

describe('wellbeing station', () => {
  it('a grid worker reads what is stored, checks in with low answers, gets help at once, and is done for the week', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, GRID_WORKER);
    await page.getByRole('navigation').getByRole('link', { name: '心灵驿站' }).click();
    await page.waitForURL((url) => url.pathname === '/wellbeing');
    await settled(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('心灵驿站 · 每周匿名自评');
    const intro = await page.locator('p.intro').innerText();
    expect(intro).toContain('我们只保存您的答案和得分');
    expect(intro).toContain('不保存');

    // The privacy note is on the page, reached by the link.
    await page.getByRole('link', { name: '阅读隐私说明' }).click();
    const privacy = page.getByRole('region', { name: '隐私说明' });
    await privacy.waitFor();
    expect(await privacy.innerText()).toContain('不保存的：姓名、账号、手机号、IP 地址、提交时间');
    expect(await privacy.innerText()).toContain('连能直接读取数据库的技术人员也看不到答案内容');
    await expectNoSeriousViolations(page, 'the check-in form');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    // In English the page says the questionnaire is Chinese only, and marks its wording as Chinese.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByText('The questionnaire exists only in its validated Chinese wording').waitFor();
    expect(await page.getByRole('group', { name: WHO5_ITEMS[0] }).locator('legend [lang="zh-CN"]').count()).toBe(1);
    await page.getByRole('button', { name: /中文/ }).click();
    await page.getByRole('heading', { level: 1, name: '心灵驿站 · 每周匿名自评' }).waitFor();

    // Low answers everywhere but the burnout item, which is left out at first.
    for (const item of WHO5_ITEMS) await page.getByRole('group', { name: item }).getByRole('radio', { name: '从未有过' }).check();
    for (const [i, item] of PSS4_ITEMS.entries()) await page.getByRole('group', { name: item }).getByRole('radio', { name: i === 1 || i === 2 ? '从不' : '总是' }).check();
    await page.getByRole('button', { name: '提交自评' }).click();
    const missing = page.getByRole('alert').filter({ hasText: '还有 1 道题未作答' });
    await missing.waitFor();
    expect(await missing.getByRole('link').allInnerTexts()).toEqual(['职业倦怠题']);
    expect(await focusedInside(page, '.summary'), 'the focus is on the list of unanswered questions').toBe(true);
    expect(await page.locator('#burnout').innerText()).toContain('请选择一项。');
    await missing.getByRole('link', { name: '职业倦怠题' }).click();
    expect(await focusedInside(page, '#burnout'), 'the link leads into the question').toBe(true);

    await page.getByRole('radio', { name: '倦怠症状挥之不去，工作中常常感到挫败' }).check();
    await page.getByRole('button', { name: '提交自评' }).click();

    const help = page.getByRole('alert').filter({ hasText: '12356' });
    await help.waitFor();
    expect(await focusedInside(page, '.help'), 'the focus moved to the help box').toBe(true);
    expect(await help.getByRole('link', { name: '拨打 12356' }).getAttribute('href')).toBe('tel:12356');
    expect(await help.getByRole('link', { name: '预约心理咨询' }).getAttribute('href')).toBe('/wellbeing/book');
    expect(await help.innerText()).toContain('周一至周五 9:00–17:00，地点：东湖街道党群服务中心二楼');

    const result = page.getByRole('region', { name: '本周自评结果' });
    const text = await result.innerText();
    expect(text).toContain('WHO-5 幸福感得分：0（满分 100）');
    expect(text).toContain('偏低');
    expect(text).toContain('压力感得分：16');
    expect(text).toContain('仅供参考');
    // Nothing of the result is kept on the device.
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    await expectNoSeriousViolations(page, 'the check-in result with the help box');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    await page.reload();
    await settled(page);
    await page.getByRole('heading', { name: '本周已完成' }).waitFor();
    expect(await page.getByText('下一次自评于').count()).toBe(1);
    expect(await page.getByRole('button', { name: '提交自评' }).count()).toBe(0);
    expect(await page.getByText('12356').count(), 'the result is gone with the page').toBe(0);
    await expectNoSeriousViolations(page, 'the done page');
  });

  it('a counselor sees the street figures once a community has five answers', async () => {
    // After 张网格's check-in in the test above, four more grid workers of 湖滨社区 answer: five
    // answers of one community and week, a batch the mixing round releases. (Answers are released
    // per community, so a community never shows fewer than five; hidden cells are shown by
    // src/lib/server/wellbeing/aggregates.test.ts.)
    const admin = await app.newPage(PHONE_360);
    await logIn(admin, ADMIN.phone);
    const tree = await call<UnitNode[]>(admin, 'org.tree', undefined, 'query');
    const grids = [['湖滨社区', '第一网格'], ['湖滨社区', '第二网格'], ['湖滨社区', '第一网格'], ['湖滨社区', '第二网格']] as const;
    for (const [i, [community, grid]] of grids.entries()) {
      const phone = freshPhone();
      await call(admin, 'account.createStaff', { name: `测试网格员${i + 1}`, phone, password: DEMO_PASSWORD, role: 'grid_worker', orgUnitId: unitId(tree, community, grid) }, 'mutation');
      const worker = await app.newPage(PHONE_360);
      await logIn(worker, phone);
      await call(worker, 'wellbeing.checkIn.submit', { who5: [3, 3, 3, 3, 3], pss4: [2, 2, 2, 2], burnout: 2 }, 'mutation');
      await worker.context().close();
    }

    const counselor = await app.newPage(PHONE_360);
    await logIn(counselor, COUNSELOR);
    const street = unitId(tree, '东湖街道');
    // Answers count once the clock's mixing round has shuffled the batch of five.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const figures = await call<{ unit: { weeks: Week[] } }>(counselor, 'wellbeing.aggregates', { unitId: street, weeks: 1 }, 'query');
      if (figures.unit.weeks[0]!.n === 5) break;
      if (Date.now() > deadline) throw new Error(`the answers were never mixed (this test follows the first one): ${JSON.stringify(figures.unit.weeks)}`);
      await counselor.waitForTimeout(500);
    }

    await counselor.getByRole('navigation').getByRole('link', { name: '身心状况统计' }).click();
    await counselor.waitForURL((url) => url.pathname === '/wellbeing/aggregates');
    await settled(counselor);
    expect(await counselor.getByRole('heading', { level: 2 }).first().innerText()).toBe('东湖街道');
    expect(await counselor.getByRole('region', { name: '表中符号' }).innerText()).toContain('作答少于 5 人');

    // The street's week: 5 answers, WHO-5 (0 + 4 × 60) / 5 = 48, PSS-4 (16 + 4 × 8) / 5 = 9.6.
    const trend = counselor.getByRole('table', { name: '东湖街道每周作答人数和平均分' });
    const thisWeek = trend.locator('tbody tr').last();
    expect((await thisWeek.locator('td').allInnerTexts()).map((s) => s.trim())).toEqual(['5', '48', '9.6']);
    await counselor.getByRole('img', { name: /WHO-5 幸福感平均分折线图/ }).waitFor();
    await counselor.getByText('正在绘制图表…').first().waitFor({ state: 'detached' });
    expect(await counselor.getByText('偏低 20%，一般 0%，良好 80%').count()).toBe(1);

    // 湖滨社区's row holds the five answers.
    const children = counselor.getByRole('table', { name: '东湖街道下级单位逐周作答人数和平均分' });
    const hubin = children.locator('tbody tr').filter({ has: counselor.getByRole('rowheader', { name: '湖滨社区' }) });
    expect(await hubin.textContent()).toContain('48');
    await expectNoSeriousViolations(counselor, 'the street figures');
    expect(await scrollWidth(counselor)).toBeLessThanOrEqual(360);

    // One community on its own: the same week, the same figures.
    await counselor.getByLabel('单位', { exact: true }).selectOption({ label: '湖滨社区' });
    await counselor.getByRole('radio', { name: '最近 4 周' }).check();
    await counselor.getByRole('button', { name: '查看' }).click();
    await counselor.waitForURL((url) => url.searchParams.get('weeks') === '4');
    await settled(counselor);
    expect(await counselor.getByRole('heading', { level: 2 }).first().innerText()).toBe('湖滨社区');
    const own = counselor.getByRole('table', { name: '湖滨社区每周作答人数和平均分' });
    expect(await own.locator('tbody tr').count()).toBe(4);
    expect((await own.locator('tbody tr').last().locator('td').allInnerTexts()).map((t) => t.trim())).toEqual(['5', '48', '9.6']);
    expect(await counselor.getByText('社区是最小的统计单位，没有下级。').count()).toBe(1);
    await expectNoSeriousViolations(counselor, 'the community figures');
  });

  it('HR gets 403 on the figures, and the check-in is for grid workers only', async () => {
    const hr = await app.newPage(PHONE_360);
    await logIn(hr, HR);
    expect(await hr.getByRole('navigation').getByRole('link', { name: '身心状况统计' }).count()).toBe(0);
    expect(await open(hr, '/wellbeing/aggregates')).toBe(403);
    expect(await hr.getByText('身心状况统计').count()).toBe(0);
    await expectNoSeriousViolations(hr, 'the 403 page');

    const admin = await app.newPage(PHONE_360);
    await logIn(admin, ADMIN.phone);
    expect(await open(admin, '/wellbeing')).toBe(403);
    expect(await open(admin, '/wellbeing/aggregates')).toBe(200);
    await admin.getByRole('heading', { level: 1, name: '身心状况统计' }).waitFor();
    await expectNoSeriousViolations(admin, 'the city figures');
  });
});
