import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, DESKTOP_1280, PHONE_360, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();

/** Next year in Shanghai: the plan and the event lie wholly in the future whatever day the suite runs. */
const NEXT = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) + 1;
const THEME = '垃圾分类宣传周';
const EVENT = '垃圾分类便民集市';

async function addTheme(page: Page) {
  await page.getByLabel('主题名称').fill(THEME);
  await page.getByLabel('说明').fill('进社区宣传垃圾分类。');
  await page.getByLabel('开始日期').fill(`${NEXT}-06-01`);
  await page.getByLabel('结束日期').fill(`${NEXT}-06-07`);
  await page.getByRole('button', { name: '添加主题' }).click();
}

describe('the theme plan and events with booths', () => {
  it('on a phone: adds a theme, is told of the overlap, creates an event with a booth and removes the booth', async () => {
    const page = await app.newPage(PHONE_360);
    await logIn(page, ADMIN.phone);

    // The plan: the seeded shared themes, then one added to next year's plan.
    await open(page, '/admin/themes');
    await page.getByRole('heading', { name: '学雷锋志愿服务月' }).waitFor();
    expect(await page.getByText('3月1日–3月31日').first().isVisible()).toBe(true);
    await expectNoSeriousViolations(page, 'the theme plan');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    await addTheme(page);
    await page.getByText(`已添加主题“${THEME}”，它在 ${NEXT} 年的计划里。`).waitFor();
    await page.waitForURL((url) => url.searchParams.get('year') === String(NEXT));
    await page.getByRole('heading', { name: THEME }).waitFor();
    expect(await page.getByText('6月1日–6月7日').isVisible()).toBe(true);

    // The same theme again: refused, and the reason sits by the start date, which gets the focus.
    await addTheme(page);
    const overlap = page.locator('#new-theme-startsOn-error');
    await overlap.waitFor();
    expect(await overlap.textContent()).toContain(`同一单位已有同名主题与这段日期重叠：${THEME}`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-theme-startsOn');
    expect(await page.locator('#new-theme-startsOn').getAttribute('aria-describedby')).toContain('new-theme-startsOn-error');
    expect(await page.getByRole('heading', { name: THEME }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'the theme plan with an error');

    // A new event in that theme; the form fetches next year's themes once the start is there.
    await open(page, '/admin/events');
    await page.getByRole('link', { name: '网格员服务节', exact: true }).waitFor();
    await expectNoSeriousViolations(page, 'the event list');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await page.getByLabel('主办单位').selectOption({ label: '城东区 · 东湖街道' });
    await page.getByLabel('活动名称').fill(EVENT);
    await page.getByLabel('地点').fill('湖滨社区广场');
    await page.locator('#startsAt').fill(`${NEXT}-06-03T09:00`);
    await page.locator('#endsAt').fill(`${NEXT}-06-03T11:30`);
    await page.locator('#themeId option', { hasText: THEME }).waitFor({ state: 'attached' });
    await page.getByLabel('所属主题').selectOption({ label: `${THEME}（6月1日–6月7日）` });
    expect(await page.getByLabel('公开活动').isChecked()).toBe(true);
    expect(await page.getByText('内部活动仅工作人员可见').isVisible()).toBe(true);
    await page.getByRole('button', { name: '创建活动' }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}\/edit/);
    await settled(page);
    const eventId = /\/events\/([0-9a-f-]{36})\/edit/.exec(page.url())![1]!;
    await page.getByText('活动已创建。可以在下面添加展位。').waitFor();
    expect(await page.getByLabel('所属主题').inputValue()).not.toBe('');
    expect(await page.getByRole('link', { name: '查看活动页面' }).first().getAttribute('href')).toBe(`/events/${eventId}`);

    // A booth, named from the suggestions, then removed after the confirm step.
    expect(await page.locator('#booth-suggestions option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['政策咨询', '健康义诊', '法律援助', '家电维修']);
    await page.getByLabel('展位名称').fill('健康义诊');
    await page.getByLabel('展位说明').fill('测血压、量血糖。');
    await page.getByRole('button', { name: '添加展位' }).click();
    await page.getByText('已添加展位“健康义诊”。').waitFor();
    await page.getByRole('heading', { name: '健康义诊' }).waitFor();
    expect(await page.getByText('尚未安排人员').isVisible()).toBe(true);
    await expectNoSeriousViolations(page, 'the event editor');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: '删除“健康义诊”' }).click();
    const confirm = page.getByRole('group', { name: '确定删除展位“健康义诊”吗？' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('不删除');
    await expectNoSeriousViolations(page, 'the booth remove confirmation');
    await confirm.getByRole('button', { name: '删除', exact: true }).click();
    await page.getByText('已删除展位“健康义诊”。').waitFor();
    expect(await page.getByText('还没有展位。').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: '健康义诊' }).count()).toBe(0);

    // Back on the list the event is upcoming, with its theme.
    await open(page, '/admin/events');
    expect(await page.getByRole('link', { name: EVENT, exact: true }).isVisible()).toBe(true);
    const listed = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: EVENT, exact: true }) });
    expect(await listed.locator('.hint').textContent()).toBe(`湖滨社区广场 · 东湖街道 · ${THEME}`);
  });

  it('on a desktop: edits an event, links back to its page, and cancels it after a confirm step', async () => {
    const page = await app.newPage(DESKTOP_1280);
    await logIn(page, ADMIN.phone);
    await open(page, '/admin/events');
    await page.getByRole('link', { name: '编辑活动“网格员月度例会”' }).click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}\/edit$/);
    await settled(page);
    const eventPath = pathname(page).replace(/\/edit$/, '');
    expect(await page.getByLabel('公开活动').isChecked()).toBe(false);
    await page.getByLabel('地点').fill('东湖街道办事处二楼会议室');
    await page.getByRole('button', { name: '保存修改' }).click();
    const saved = page.locator('.notice', { hasText: '活动已保存。' });
    await saved.waitFor();
    expect(await saved.getByRole('link', { name: '查看活动页面' }).getAttribute('href')).toBe(eventPath);
    expect(await page.getByLabel('地点').inputValue()).toBe('东湖街道办事处二楼会议室');
    await expectNoSeriousViolations(page, 'the event editor at 1280 px');

    await page.getByRole('button', { name: '取消活动' }).click();
    await page.getByRole('button', { name: '确定取消活动' }).click();
    await page.getByText('此活动已取消，不能再修改。').waitFor();
    expect(await page.getByRole('button', { name: '保存修改' }).count()).toBe(0);

    await open(page, '/admin/events');
    const item = page.getByRole('listitem').filter({ hasText: '网格员月度例会' });
    expect(await item.getByText('已取消').isVisible()).toBe(true);
  });

  it('on a desktop: edits a theme in place and removes one after a confirm step', async () => {
    const page = await app.newPage(DESKTOP_1280);
    await logIn(page, ADMIN.phone);
    await open(page, '/admin/themes');
    await page.getByRole('button', { name: '编辑“学雷锋志愿服务月”' }).click();
    const name = page.locator('input[id^="edit-"][id$="-name"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await name.getAttribute('id'));
    await page.locator('textarea[id^="edit-"]').fill('3月5日学雷锋纪念日所在的月份，全市集中开展志愿服务。');
    await page.getByRole('button', { name: '保存主题' }).click();
    await page.getByText('已保存主题“学雷锋志愿服务月”。').waitFor();
    await page.getByText('全市集中开展志愿服务').waitFor();
    await expectNoSeriousViolations(page, 'the theme plan at 1280 px');

    await page.getByRole('button', { name: '删除“宪法宣传周”' }).click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('不删除');
    await page.getByRole('group', { name: /确定删除主题“宪法宣传周”吗/ }).getByRole('button', { name: '删除', exact: true }).click();
    await page.getByText('已删除主题“宪法宣传周”。').waitFor();
    expect(await page.getByRole('heading', { name: '宪法宣传周' }).count()).toBe(0);
  });
});
