import { describe, expect, it } from 'vitest';
import { PHONE_360, freshPhone, htmlLang, logIn, pathname, scrollWidth, settled, useApp } from './support/browser';

const app = useApp();

describe('a new volunteer on a 360 px phone', () => {
  it('registers, reads the home page in Chinese and English, logs out and logs in again', async () => {
    const page = await app.newPage(PHONE_360);
    const name = `周小青${Math.floor(Math.random() * 1000)}`;
    const phone = freshPhone();
    const password = 'Qingqing2026';

    await page.goto('/register');
    await settled(page);
    expect(await htmlLang(page)).toBe('zh-CN');
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('手机号', { exact: true }).fill(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByLabel('所在社区').selectOption({ label: '湖滨社区' });
    await page.getByRole('button', { name: '注册', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/');
    await settled(page);
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.innerText()).toBe(`${name}，您好`);
    expect(await htmlLang(page)).toBe('zh-CN');
    expect(await page.getByRole('heading', { level: 3, name: '志愿者' }).isVisible()).toBe(true);
    expect(await scrollWidth(page), 'the home page scrolls sideways at 360 px').toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: 'English' }).click();
    await heading.filter({ hasText: `Hello, ${name}` }).waitFor();
    expect(await htmlLang(page)).toBe('en');
    expect(await page.getByRole('heading', { level: 3, name: 'Volunteer' }).isVisible()).toBe(true);
    expect(await scrollWidth(page), 'the English home page scrolls sideways at 360 px').toBeLessThanOrEqual(360);

    // The choice outlives the page: a reload comes back in English.
    await page.reload();
    await settled(page);
    expect(await heading.innerText()).toBe(`Hello, ${name}`);
    expect(await htmlLang(page)).toBe('en');

    await page.getByRole('button', { name: '中文' }).click();
    await heading.filter({ hasText: `${name}，您好` }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await settled(page);
    expect(await page.getByRole('status').filter({ hasText: '您已退出登录。' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('登录网格通');

    // Logged out means logged out: home sends the person back to the login page.
    await page.goto('/');
    expect(pathname(page)).toBe('/login');

    await logIn(page, phone, password);
    expect(await heading.innerText()).toBe(`${name}，您好`);
  });
});
