import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE_360, VOLUNTEER, logIn, open, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const GRID_WORKER = '13800000004';
// Seeded volunteers of 湖滨社区, the demo volunteer's own community.
const NEIGHBOUR = { phone: '13900000001', name: '赵秀英' } as const;
const OTHER_NEIGHBOUR = { phone: '13900000007', name: '郑桂兰' } as const;
const HOUR = 3600_000;

interface UnitNode { id: string; name: string; children: UnitNode[] }

/** A tRPC call over HTTP with the page's session cookie, as any outside client makes it. */
async function api<T>(page: Page, path: string, input?: unknown): Promise<T> {
  const response = input === undefined ? await page.request.get(`/api/trpc/${path}`) : await page.request.post(`/api/trpc/${path}`, { data: input });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${path}: ${response.status()} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

function findUnit(nodes: UnitNode[], name: string): UnitNode | undefined {
  for (const n of nodes) {
    const found = n.name === name ? n : findUnit(n.children, name);
    if (found) return found;
  }
  return undefined;
}

describe('volunteer teams on a phone', () => {
  it('a volunteer founds a team, adds and removes members, and signs a member into the places a callout reserves', async () => {
    const leader = await app.newPage(PHONE_360);
    await logIn(leader, VOLUNTEER.phone);
    await open(leader, '/teams');
    await leader.getByText('您还没有加入任何队伍').waitFor();
    await expectNoSeriousViolations(leader, 'teams page with no team');

    await leader.getByLabel('队伍名称').fill('银发志愿服务队');
    await leader.getByRole('button', { name: '创建队伍' }).click();
    await leader.getByText('已创建“银发志愿服务队”，您是队长。').waitFor();
    await leader.getByRole('heading', { name: /银发志愿服务队/ }).waitFor();

    // A number nobody of this community registered with: the field says so and gets the focus.
    const identifier = leader.getByLabel('队员的手机号或邮箱');
    await identifier.fill('13999999999');
    await leader.getByRole('button', { name: '添加队员' }).click();
    await leader.getByText('没有找到用这个手机号或邮箱注册、住在本社区的志愿者。').waitFor();
    expect(await identifier.evaluate((el) => el === document.activeElement && el.getAttribute('aria-invalid'))).toBe('true');

    for (const person of [NEIGHBOUR, OTHER_NEIGHBOUR]) {
      await identifier.fill(person.phone);
      await leader.getByRole('button', { name: '添加队员' }).click();
      await leader.getByText(`已把 ${person.name} 加入队伍。`).waitFor();
    }
    await leader.getByRole('heading', { name: '队员（3 人）' }).waitFor();
    expect(await leader.getByText('139****0001').isVisible()).toBe(true);

    // Removing takes a confirm step, and "keep" is where the focus lands.
    await leader.getByRole('button', { name: `把 ${OTHER_NEIGHBOUR.name} 移出队伍` }).click();
    await leader.getByText(`确定把 ${OTHER_NEIGHBOUR.name} 移出“银发志愿服务队”吗？`).waitFor();
    await leader.keyboard.press('Enter');
    expect(await leader.getByText(`确定把 ${OTHER_NEIGHBOUR.name} 移出`).count()).toBe(0);
    await leader.getByRole('button', { name: `把 ${OTHER_NEIGHBOUR.name} 移出队伍` }).click();
    await leader.getByRole('button', { name: '确认移出' }).click();
    await leader.getByText(`已把 ${OTHER_NEIGHBOUR.name} 移出队伍。`).waitFor();
    await leader.getByRole('heading', { name: '队员（2 人）' }).waitFor();
    expect(await leader.getByText(OTHER_NEIGHBOUR.name, { exact: true }).count()).toBe(0);
    await expectNoSeriousViolations(leader, 'teams page of a team leader');
    expect(await scrollWidth(leader)).toBeLessThanOrEqual(360);

    // The grid worker posts a callout holding 2 of its 3 places for the team, through the API.
    const [team] = await api<{ id: string }[]>(leader, 'team.mine');
    const worker = await app.newPage(PHONE_360);
    await logIn(worker, GRID_WORKER);
    const grid = findUnit(findUnit(await api<UnitNode[]>(worker, 'org.tree'), '湖滨社区')!.children, '第一网格')!;
    const start = Date.now() + 48 * HOUR;
    const { id } = await api<{ id: string }>(worker, 'callout.create', {
      gridId: grid.id, title: '重阳节敬老探访', description: '陪伴独居老人，送去重阳糕。', category: 'elderly', urgency: 'normal', place: '湖滨社区老年活动室',
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), slots: 3, requiredSkills: [],
      teamId: team!.id, teamSlots: 2, teamReleaseAt: new Date(start - 24 * HOUR).toISOString()
    });
    await api(worker, 'callout.publish', { calloutId: id });

    // The leader signs the member into the team's places from the callout's page.
    await open(leader, `/callouts/${id}`);
    const form = leader.getByRole('region', { name: '为队员报名' });
    await form.getByText('预留名额剩余 2 个').waitFor();
    expect(await form.getByText(/未用完的预留名额将于 .+ 开放给所有人。/).isVisible()).toBe(true);
    await form.getByRole('button', { name: '为所选队员报名' }).click();
    await form.getByText('请至少选择一名队员。').waitFor();
    await form.getByRole('checkbox', { name: new RegExp(NEIGHBOUR.name) }).check();
    await form.getByRole('button', { name: '为所选队员报名' }).click();
    await form.getByText(`${NEIGHBOUR.name}：报名成功`).waitFor();
    await form.getByText('预留名额剩余 1 个').waitFor();
    expect(await form.getByRole('checkbox', { name: new RegExp(NEIGHBOUR.name) }).isDisabled()).toBe(true);
    expect(await leader.evaluate(() => document.activeElement?.id)).toBe('team-signup-title');
    await expectNoSeriousViolations(leader, 'callout detail with the team sign-up form');
    expect(await scrollWidth(leader)).toBeLessThanOrEqual(360);

    // The grid worker's roster has the member in it.
    await open(worker, `/callouts/${id}`);
    await settled(worker);
    expect(await worker.getByText(NEIGHBOUR.name).first().isVisible()).toBe(true);
  });
});
