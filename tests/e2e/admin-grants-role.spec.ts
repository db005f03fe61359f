import { describe, expect, it } from 'vitest';
import { ADMIN, DESKTOP_1280, PHONE_360, VOLUNTEER, logIn, open, pathname, settled, useApp } from './support/browser';

const app = useApp();

describe('an admin grants a role', () => {
  it('makes the demo volunteer HR of 城东区, and the volunteer sees it on their home page', async () => {
    const admin = await app.newPage(DESKTOP_1280);
    await logIn(admin, ADMIN.phone);
    await admin.getByRole('navigation').getByRole('link', { name: '账号与角色' }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/accounts');
    await settled(admin);
    expect(await admin.getByRole('heading', { level: 1 }).innerText()).toBe('账号与角色');

    const search = admin.getByRole('searchbox', { name: '按姓名、手机号或邮箱搜索' });
    await search.fill(VOLUNTEER.phone);
    await search.press('Enter');
    await admin.waitForURL((url) => url.searchParams.get('q') === VOLUNTEER.phone);
    await settled(admin);

    const card = admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { level: 3, name: VOLUNTEER.name }) });
    expect(await card.count(), `exactly one card for ${VOLUNTEER.name}`).toBe(1);
    const roles = card.getByRole('list', { name: `${VOLUNTEER.name}的角色` });
    expect(await roles.innerText()).toContain('志愿者');
    expect(await roles.innerText()).not.toContain('人事');

    await card.getByRole('button', { name: '授予角色', expanded: false }).click();
    await card.getByLabel('角色', { exact: true }).selectOption({ label: '人事' });
    await card.getByLabel('单位', { exact: true }).selectOption({ label: '城东区' });
    await card.locator('form').getByRole('button', { name: '授予角色' }).click();

    await roles.getByText('人事').waitFor();
    expect(await roles.innerText()).toContain('城东区（区）');
    expect(await roles.innerText()).toContain('志愿者');
    expect(await card.getByRole('alert').count(), 'the grant showed an error').toBe(0);
    expect(await admin.getByRole('status').filter({ hasText: `已授予${VOLUNTEER.name}人事角色。` }).count(), 'screen readers hear of the grant').toBe(1);

    // After a reload too: the role is stored, not only drawn.
    await admin.reload();
    await settled(admin);
    expect(await roles.innerText()).toContain('人事');

    const volunteer = await app.newPage(PHONE_360);
    await logIn(volunteer, VOLUNTEER.phone);
    expect(pathname(volunteer)).toBe('/');
    const hr = volunteer.getByRole('region', { name: '人事' });
    expect(await hr.getByRole('heading', { level: 3 }).innerText()).toBe('人事');
    expect(await hr.innerText()).toContain('城东区（区）');
    expect(await volunteer.getByRole('heading', { level: 3, name: '志愿者' }).isVisible()).toBe(true);

    // The admin pages stay closed to the volunteer, new role or not.
    expect(await open(volunteer, '/admin/accounts')).toBe(403);
  });
});
