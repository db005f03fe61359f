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
  it('a volunteer founds a team and invites neighbours, who join by saying yes; the leader removes one and signs one into the places a callout reserves', async () => {
    const leader = await app.newPage(PHONE_360);
    await logIn(leader, VOLUNTEER.phone);
    await open(leader, '/teams');
    await leader.getByText('您还没有加入任何队伍').waitFor();
    await expectNoSeriousViolations(leader, 'teams page with no team');

    await leader.getByLabel('队伍名称').fill('银发志愿服务队');
    await leader.getByRole('button', { name: '创建队伍' }).click();
    await leader.getByText('已创建“银发志愿服务队”，您是队长。').waitFor();
    await leader.getByRole('heading', { name: /银发志愿服务队/ }).waitFor();

    // A mistyped number: the field says so and gets the focus.
    const identifier = leader.getByLabel('队员的手机号或邮箱');
    const invite = async (value: string) => {
      await identifier.fill(value);
      await leader.getByRole('button', { name: '发出邀请' }).click();
    };
    await invite('1390000001');
    await leader.getByText('请输入 11 位手机号或完整的邮箱地址').waitFor();
    expect(await identifier.evaluate((el) => el === document.activeElement && el.getAttribute('aria-invalid'))).toBe('true');

    // A number nobody of this community has gets the very answer a neighbour's does: the form does
    // not tell who has an account. Nothing is pending afterwards, and nobody is a member.
    const sent = leader.getByText('已发出邀请，对方同意后加入。');
    await invite('13999999999');
    await sent.waitFor();
    await expect.poll(() => identifier.inputValue()).toBe('');
    expect(await leader.getByRole('heading', { name: /已邀请，等待对方答复/ }).count()).toBe(0);

    for (const [n, person] of [NEIGHBOUR, OTHER_NEIGHBOUR].entries()) {
      await invite(person.phone);
      await leader.getByRole('heading', { name: `已邀请，等待对方答复（${n + 1} 人）` }).waitFor();
      await sent.waitFor();
    }
    // Invited is not joined: the pending list shows the masked numbers only, no names until they say yes.
    const pending = leader.getByRole('list', { name: /已邀请，等待对方答复/ });
    expect(await pending.getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('139****0001'), expect.stringContaining('139****0007')]);
    await leader.getByRole('heading', { name: '队员（1 人）' }).waitFor();
    for (const person of [NEIGHBOUR, OTHER_NEIGHBOUR]) expect(await leader.getByText(person.name).count()).toBe(0);

    // Taken back and sent again: the second invitation is the one the neighbour answers.
    await leader.getByRole('button', { name: '撤回邀请：139****0007' }).click();
    await leader.getByText('已撤回对 139****0007 的邀请。').waitFor();
    await leader.getByRole('heading', { name: '已邀请，等待对方答复（1 人）' }).waitFor();
    await invite(OTHER_NEIGHBOUR.phone);
    await leader.getByRole('heading', { name: '已邀请，等待对方答复（2 人）' }).waitFor();
    await expectNoSeriousViolations(leader, 'teams page of a leader with invitations waiting');
    expect(await scrollWidth(leader)).toBeLessThanOrEqual(360);
    await pending.scrollIntoViewIfNeeded();
    await leader.screenshot({ path: '/tmp/teams-leader-pending.png', fullPage: true });

    // Each neighbour, on their own phone, finds the invitation on their teams page and says yes.
    for (const person of [NEIGHBOUR, OTHER_NEIGHBOUR]) {
      const page = await app.newPage(PHONE_360);
      await logIn(page, person.phone);
      await open(page, '/teams');
      const card = page.getByRole('region', { name: '您被邀请加入“银发志愿服务队”' });
      await card.getByText(`队长 ${VOLUNTEER.name} 于`).waitFor();
      await expectNoSeriousViolations(page, 'teams page with an invitation');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
      if (person === NEIGHBOUR) await page.screenshot({ path: '/tmp/teams-invitation-card.png', fullPage: true });
      await card.getByRole('button', { name: '同意加入“银发志愿服务队”', exact: true }).click();
      const joined = page.getByText('您已加入“银发志愿服务队”。');
      await joined.waitFor();
      expect(await joined.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await card.count()).toBe(0);
      await page.getByRole('region', { name: '我参加的队伍' }).getByText(`${person.name}（您）`).waitFor();
      await page.context().close();
    }

    await open(leader, '/teams');
    await leader.getByRole('heading', { name: '队员（3 人）' }).waitFor();
    expect(await leader.getByText('139****0001').isVisible()).toBe(true);
    expect(await leader.getByRole('heading', { name: /已邀请，等待对方答复/ }).count()).toBe(0);

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
