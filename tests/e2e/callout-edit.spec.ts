import { describe, expect, it } from 'vitest';
import { PHONE_360, logIn, open, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';

const app = useApp();
const GRID_WORKER = '13800000004';

/** A wall-clock time in Asia/Shanghai as a datetime-local value, `offsetMinutes` from now. */
function shanghai(offsetMinutes: number): string {
  return new Date(Date.now() + offsetMinutes * 60_000 + 8 * 3600_000).toISOString().slice(0, 16);
}

describe('editing a draft on a phone', () => {
  it('opens the draft in the form it was written in, saves, then saves and publishes; a published callout is not offered for editing', async () => {
    const worker = await app.newPage(PHONE_360);
    await logIn(worker, GRID_WORKER);
    const startsAt = shanghai(48 * 60);
    await open(worker, '/callouts/new');
    await worker.getByLabel('标题').fill('垃圾分类宣传');
    await worker.getByLabel('类别').selectOption({ label: '政策宣传' });
    await worker.getByLabel('地点', { exact: true }).fill('湖滨社区广场');
    await worker.locator('#startsAt').fill(startsAt);
    await worker.locator('#endsAt').fill(shanghai(50 * 60));
    await worker.getByLabel('招募人数').fill('3');
    await worker.getByLabel('摄影摄像').check();
    await worker.getByRole('button', { name: '存为草稿' }).click();
    await worker.waitForURL(/\/callouts\/[0-9a-f-]{36}$/);
    await settled(worker);
    const calloutPath = new URL(worker.url()).pathname;

    await worker.getByRole('link', { name: '编辑草稿' }).click();
    await worker.waitForURL((u) => u.pathname === `${calloutPath}/edit`);
    await settled(worker);
    expect(await worker.getByLabel('标题').inputValue()).toBe('垃圾分类宣传');
    expect(await worker.getByLabel('招募人数').inputValue()).toBe('3');
    expect(await worker.locator('#startsAt').inputValue()).toBe(startsAt);
    expect(await worker.getByLabel('摄影摄像').isChecked()).toBe(true);
    expect(await worker.getByLabel('类别').inputValue()).toBe('policy');
    // Deadlines left at their defaults stay empty, so they follow a moved start.
    expect(await worker.locator('#signupDeadline').inputValue()).toBe('');
    await expectNoSeriousViolations(worker, 'the draft edit form');
    expect(await scrollWidth(worker)).toBeLessThanOrEqual(360);

    await worker.getByLabel('标题').fill('垃圾分类宣传进楼栋');
    await worker.getByLabel('招募人数').fill('5');
    await worker.getByRole('button', { name: '保存', exact: true }).click();
    await worker.waitForURL((u) => u.pathname === calloutPath);
    await settled(worker);
    await worker.getByRole('heading', { name: '垃圾分类宣传进楼栋' }).waitFor();
    expect(await worker.getByRole('heading', { name: '草稿' }).isVisible()).toBe(true);

    await open(worker, `${calloutPath}/edit`);
    expect(await worker.getByLabel('招募人数').inputValue()).toBe('5');
    await worker.getByRole('button', { name: '保存并发布' }).click();
    await worker.waitForURL((u) => u.pathname === calloutPath);
    await settled(worker);
    expect(await worker.getByText('报名中').first().isVisible()).toBe(true);
    expect(await worker.getByRole('link', { name: '编辑草稿' }).count()).toBe(0);

    await open(worker, `${calloutPath}/edit`);
    await worker.getByText('该任务已发布或已结束，不能再修改。').waitFor();
    expect(await worker.locator('form #title').count()).toBe(0);
  });
});
