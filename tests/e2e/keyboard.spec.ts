import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DESKTOP_1280, VOLUNTEER, open, pathname, useApp } from './support/browser';

const app = useApp();

/** The focused element as a person would name it: its label, its text, or its tag. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return `${el.tagName.toLowerCase()}:${(label ?? el.textContent ?? '').trim()}`;
  });

describe('the login page by keyboard alone', () => {
  it('tabs to the skip link first, then the fields and the login button, and logs in with Enter', async () => {
    const page = await app.newPage(DESKTOP_1280);
    await open(page, '/login');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:跳到正文');
    const skip = await page.getByRole('link', { name: '跳到正文' }).boundingBox();
    expect(skip, 'the focused skip link must be on screen').not.toBeNull();
    expect(skip!.x).toBeGreaterThanOrEqual(0);

    const order: string[] = [];
    for (let i = 0; i < 12 && !order.includes('button:登录'); i++) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    const at = (name: string) => order.indexOf(name);
    expect(at('input:手机号或邮箱'), `tab order: ${order.join(' → ')}`).toBeGreaterThanOrEqual(0);
    expect(at('input:密码'), `tab order: ${order.join(' → ')}`).toBe(at('input:手机号或邮箱') + 1);
    expect(at('button:登录'), `tab order: ${order.join(' → ')}`).toBe(at('input:密码') + 1);

    // The skip link jumps over the header: the next Tab lands in the form.
    await open(page, '/login');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input:手机号或邮箱');

    await page.keyboard.type(VOLUNTEER.phone);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    expect(pathname(page)).toBe('/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${VOLUNTEER.name}，您好`);
  });
});
