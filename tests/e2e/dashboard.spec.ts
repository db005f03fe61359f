import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { ADMIN, DESKTOP_1280, PHONE_360, VOLUNTEER, freshPhone, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const HOUR = 3600_000;

interface UnitNode { id: string; name: string; children: UnitNode[] }

/** A tRPC call over HTTP with the page's session cookie, as any outside client makes it. */
async function api<T>(page: Page, path: string, input?: unknown): Promise<T> {
  const response = input === undefined ? await page.request.get(`/api/trpc/${path}`) : await page.request.post(`/api/trpc/${path}`, { data: input });
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

async function postCallout(page: Page, gridId: string, title: string, urgency: 'normal' | 'urgent', slots: number): Promise<string> {
  const start = Date.now() + 24 * HOUR;
  const { id } = await api<{ id: string }>(page, 'callout.create', {
    gridId, title, category: 'patrol', urgency, place: '社区广场', slots,
    startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString()
  });
  await api(page, 'callout.publish', { calloutId: id });
  return id;
}

/** Whether any script the page fetched is Chart.js (chunks are named by hash, so look inside). */
async function fetchedChartCode(page: Page, urls: string[]): Promise<boolean> {
  for (const url of new Set(urls.filter((u) => u.endsWith('.js')))) {
    if ((await (await page.request.get(url)).text()).includes('_chartjs')) return true;
  }
  return false;
}

/**
 * The chart has been fetched and drawn: its loading note is gone, and the canvas shows a bar in
 * the urgent series' blue (#0a58ca), as the urgent callout here was staffed on time.
 */
async function chartDrawn(page: Page, name: string): Promise<void> {
  const canvas = page.getByRole('img', { name });
  await canvas.waitFor();
  await page.getByText('正在绘制图表…').first().waitFor({ state: 'detached' });
  // Chart.js animates bars in over 300 ms.
  await page.waitForTimeout(500);
  const { painted, blue } = await canvas.evaluate((node) => {
    const c = node as HTMLCanvasElement;
    const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let blue = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (Math.abs(pixels[i]! - 10) < 25 && Math.abs(pixels[i + 1]! - 88) < 25 && Math.abs(pixels[i + 2]! - 202) < 25) blue++;
    }
    return { painted: c.width > 0 && c.height > 0 && pixels.some((v) => v !== 0), blue };
  });
  expect(painted, `${name} is drawn`).toBe(true);
  // The legend's box alone has a few hundred; a bar across most of the chart has thousands.
  expect(blue, `${name} shows the urgent bar`).toBeGreaterThan(2000);
}

describe('response-time dashboard and the negative list', () => {
  let seeded = false;

  /** An urgent callout staffed at once in 东湖街道, a normal one nobody has answered yet in 西山街道. */
  async function seedCallouts(admin: Page) {
    if (seeded) return;
    seeded = true;
    const tree = await api<UnitNode[]>(admin, 'org.tree');
    const urgent = await postCallout(admin, unitId(tree, '湖滨社区', '第一网格'), '看板测试紧急任务', 'urgent', 1);
    await postCallout(admin, unitId(tree, '西山社区', '第一网格'), '看板测试一般任务', 'normal', 3);
    const volunteer = await app.newPage(PHONE_360);
    await logIn(volunteer, VOLUNTEER.phone);
    await api(volunteer, 'callout.signUp', { calloutId: urgent });
    await volunteer.context().close();
  }

  for (const [size, options] of [['360 px', PHONE_360], ['1280 px', DESKTOP_1280]] as [string, BrowserContextOptions][]) {
    it(`shows the figures per street and grid as charts and tables at ${size}, and switches the period`, async () => {
      const requested: string[] = [];
      const admin = await app.newPage(options);
      admin.on('request', (r) => requested.push(r.url()));
      await logIn(admin, ADMIN.phone);
      // The chart code is loaded only by a page that draws a chart.
      expect(await fetchedChartCode(admin, requested)).toBe(false);
      await seedCallouts(admin);

      await open(admin, '/dashboard');
      await admin.getByRole('heading', { level: 1, name: '响应看板' }).waitFor();
      await chartDrawn(admin, '各街道按时招满率条形图，一般与紧急任务分列');
      await chartDrawn(admin, '各网格按时招满率条形图，一般与紧急任务分列');
      expect(await fetchedChartCode(admin, requested)).toBe(true);

      // The text summary and the tables carry what the charts show.
      await admin.getByText(/近 30 天共发布 2 项任务。已到判定时间的 1 项中，1 项按时招满（100%）。/).waitFor();
      const streets = admin.getByRole('table', { name: '各街道响应时间与按时招满情况' });
      const donghu = streets.getByRole('row', { name: /东湖街道/ });
      expect(await donghu.getByRole('cell').allInnerTexts()).toEqual(['1（紧急 1）', expect.stringMatching(/^\d+ 分钟$/), expect.stringMatching(/^\d+ 分钟$/), expect.stringMatching(/^—\s*尚无到期任务$/), '1/1（100%）']);
      expect(await streets.getByRole('row', { name: /西山街道/ }).getByRole('cell').first().innerText()).toBe('1');
      const grids = admin.getByRole('table', { name: '各网格响应时间与按时招满情况' });
      expect(await grids.getByRole('rowheader').allInnerTexts()).toEqual(['湖滨社区 · 第一网格', '西山社区 · 第一网格']);
      const overview = admin.getByRole('table', { name: '近 30 天按紧急程度汇总' });
      expect(await overview.getByRole('row', { name: /紧急任务/ }).getByRole('cell').nth(2).innerText()).toBe('1/1（100%）');
      expect(await admin.getByRole('link', { name: '近 30 天' }).getAttribute('aria-current')).toBe('true');

      // The page never scrolls sideways; wide tables scroll inside their own region.
      expect(await scrollWidth(admin)).toBeLessThanOrEqual(options.viewport!.width);
      await expectNoSeriousViolations(admin, `the dashboard at ${size}`);

      await admin.getByRole('link', { name: '近 7 天' }).click();
      await admin.waitForURL((u) => u.searchParams.get('days') === '7');
      await settled(admin);
      await admin.getByText(/近 7 天共发布 2 项任务。/).waitFor();
      await admin.getByRole('table', { name: '近 7 天按紧急程度汇总' }).waitFor();
      expect(await admin.getByRole('link', { name: '近 7 天' }).getAttribute('aria-current')).toBe('true');
      await chartDrawn(admin, '各街道按时招满率条形图，一般与紧急任务分列');
      await admin.context().close();
    });
  }

  it('lets a city admin add a term, try a text against it and remove it again; a district admin only reads', async () => {
    const admin = await app.newPage(PHONE_360);
    await logIn(admin, ADMIN.phone);
    await open(admin, '/admin/negative-terms');
    await admin.getByRole('heading', { level: 1, name: '负面清单' }).waitFor();
    for (const rule of ['行政执法', '强制拆迁', '经济纠纷处置']) await admin.getByRole('heading', { level: 2, name: new RegExp(`^${rule}`) }).waitFor();
    await expectNoSeriousViolations(admin, 'the negative list');

    const demolition = admin.getByRole('region', { name: /^强制拆迁/ });
    // Typed with spaces and full-width letters: stored folded, as the check compares it.
    await demolition.getByLabel('新增到“强制拆迁”的词语').fill('强行 清退ＡＢ');
    await demolition.getByRole('button', { name: '添加' }).click();
    await demolition.getByText('已把“强行清退ab”加入“强制拆迁”。').waitFor();
    await demolition.getByRole('listitem').filter({ hasText: '强行清退ab' }).waitFor();

    await admin.getByLabel('要检查的文字').fill('请志愿者协助强·行·清·退AB居民');
    await admin.getByRole('button', { name: '检查' }).click();
    await admin.getByText('会被拒绝：出现“强行清退ab”，属于“强制拆迁”。').waitFor();
    await expectNoSeriousViolations(admin, 'the negative list after adding and trying');

    await demolition.getByRole('button', { name: '删除“强行清退ab”' }).click();
    const confirm = demolition.getByRole('group', { name: /确定从负面清单删除“强行清退ab”吗/ });
    // Cancel holds the focus, so a stray Enter does not remove.
    expect(await confirm.getByRole('button', { name: '取消' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await expectNoSeriousViolations(admin, 'the negative list while confirming a removal');
    await confirm.getByRole('button', { name: '删除' }).click();
    await demolition.getByText('已删除“强行清退ab”。').waitFor();
    expect(await demolition.getByRole('listitem').filter({ hasText: '强行清退ab' }).count()).toBe(0);
    await admin.getByRole('button', { name: '检查' }).click();
    await admin.getByText('没有发现清单中的词语，可以发布。').waitFor();
    expect(await scrollWidth(admin)).toBeLessThanOrEqual(360);

    // An admin of one district reads the list but cannot change it (the API refuses them too).
    const tree = await api<UnitNode[]>(admin, 'org.tree');
    const phone = freshPhone();
    await api(admin, 'account.createStaff', { name: '区管理员', phone, password: 'Gridcall2026', role: 'admin', orgUnitId: unitId(tree, '城东区') });
    const district = await app.newPage(DESKTOP_1280);
    await logIn(district, phone);
    await open(district, '/admin/negative-terms');
    await district.getByText('只有市级管理员可以增删词语，您可以查看清单。').waitFor();
    await district.getByText('强拆', { exact: true }).waitFor();
    expect(await district.getByRole('button', { name: '添加' }).count()).toBe(0);
    expect(await district.getByRole('button', { name: /^删除/ }).count()).toBe(0);
    await expectNoSeriousViolations(district, 'the negative list, read only');
    expect(pathname(district)).toBe('/admin/negative-terms');
  });
});
