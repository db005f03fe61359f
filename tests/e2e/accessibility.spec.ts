import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousViolations, seriousViolations } from './support/axe';
import { ADMIN, DESKTOP_1280, PHONE_360, VOLUNTEER, logIn, open, scrollWidth, settled, useApp } from './support/browser';

const app = useApp();

const WIDTHS: [string, BrowserContextOptions, number][] = [
  ['360 px', PHONE_360, 360],
  ['1280 px', DESKTOP_1280, 1280]
];

// Guards the guard: a broken injection would otherwise report every page as clean.
it('the axe check finds a violation planted in a page', async () => {
  const page = await app.newPage(DESKTOP_1280);
  await open(page, '/login');
  await page.evaluate(() => document.querySelector('main')?.append(Object.assign(document.createElement('img'), { src: 'data:,' })));
  expect((await seriousViolations(page)).map((f) => f.id)).toContain('image-alt');
});

describe.each(WIDTHS)('at %s', (_label, viewport, width) => {
  let anonymous: Page;
  let volunteer: Page;
  let admin: Page;

  beforeAll(async () => {
    [anonymous, volunteer, admin] = await Promise.all([app.newPage(viewport), app.newPage(viewport), app.newPage(viewport)]);
    await logIn(volunteer, VOLUNTEER.phone);
    await logIn(admin, ADMIN.phone);
  });

  /** Opens the page, checks it really is the page (not an error page) and that it fits the width, then runs axe. */
  async function check(page: Page, path: string, heading: string) {
    expect(await open(page, path), `${path} answered with an error`).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).first().innerText()).toBe(heading);
    expect(await scrollWidth(page), `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
    await expectNoSeriousViolations(page, `${path} at ${width} px`);
  }

  it('login page', () => check(anonymous, '/login', '登录网格通'));

  it('register page', () => check(anonymous, '/register', '注册志愿者'));

  it('home page as a volunteer', () => check(volunteer, '/', `${VOLUNTEER.name}，您好`));

  it('home page as the admin', () => check(admin, '/', `${ADMIN.name}，您好`));

  it('profile page', () => check(volunteer, '/profile', '个人资料'));

  it('organisation page', () => check(admin, '/admin/org', '组织架构'));

  it('accounts page, with its panels and a grant-role form open', async () => {
    await check(admin, '/admin/accounts', '账号与角色');
    await admin.getByRole('button', { name: '创建工作人员账号', expanded: false }).click();
    await admin.getByRole('button', { name: '为辖区外人员授予角色', expanded: false }).click();
    await admin.getByRole('button', { name: '授予角色', expanded: false }).first().click();
    await settled(admin);
    expect(await scrollWidth(admin), `/admin/accounts with open forms scrolls sideways at ${width} px`).toBeLessThanOrEqual(width);
    await expectNoSeriousViolations(admin, `/admin/accounts with its forms open at ${width} px`);
  });

  it('demo mailbox page', () => check(admin, '/admin/mailbox', '演示邮箱'));

  it('callout list', () => check(volunteer, '/callouts', '任务召集'));

  it('new callout form', () => check(admin, '/callouts/new', '发布任务'));

  it('my hours page', () => check(volunteer, '/hours', '我的服务时长'));
});
