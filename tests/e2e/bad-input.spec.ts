import { describe, expect, it } from 'vitest';
import { PHONE_360, VOLUNTEER, freshPhone, logIn, open, pathname, useApp } from './support/browser';

const app = useApp();

describe('bad input gets a clear Chinese message and changes nothing', () => {
  it('a wrong password is refused with an alert, and the right one still works', async () => {
    const page = await app.newPage(PHONE_360);
    await open(page, '/login');
    await page.getByLabel('手机号或邮箱').fill(VOLUNTEER.phone);
    await page.getByLabel('密码', { exact: true }).fill('Wrong2026');
    await page.getByRole('button', { name: '登录', exact: true }).click();

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('手机号/邮箱或密码不正确。');
    expect(pathname(page)).toBe('/login');
    // What the person typed stays, except the password.
    expect(await page.getByLabel('手机号或邮箱').inputValue()).toBe(VOLUNTEER.phone);

    await logIn(page, VOLUNTEER.phone);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${VOLUNTEER.name}，您好`);
  });

  it('a five-digit phone number is refused next to the field, and nobody is registered or logged in', async () => {
    const page = await app.newPage(PHONE_360);
    await open(page, '/register');
    await page.getByLabel('姓名').fill('吴短号');
    await page.getByLabel('手机号', { exact: true }).fill('12345');
    await page.getByLabel('密码').fill('Duanhao2026');
    await page.getByLabel('所在社区').selectOption({ label: '桃园社区' });
    await page.getByRole('button', { name: '注册', exact: true }).click();

    const phone = page.getByLabel('手机号', { exact: true });
    await page.locator('[aria-invalid="true"]').first().waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    // "Next to the field": the message is the field's description, so screen readers read it too.
    const description = await phone.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
    );
    expect(description).toContain('请输入 11 位中国大陆手机号');
    expect(await page.getByText('请输入 11 位中国大陆手机号').isVisible()).toBe(true);
    expect(await page.getByRole('alert').innerText()).toBe('提交的内容有误，请检查标注的字段。');

    expect(pathname(page)).toBe('/register');
    expect(await page.getByLabel('姓名').inputValue()).toBe('吴短号');
    expect(await phone.inputValue()).toBe('12345');
    expect(await page.getByLabel('所在社区').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('桃园社区');

    await open(page, '/');
    expect(pathname(page), 'a refused registration must not log anyone in').toBe('/login');

    // The same person with a real number gets through, so the refusal left nothing half-made.
    await open(page, '/register');
    await page.getByLabel('姓名').fill('吴短号');
    await page.getByLabel('手机号', { exact: true }).fill(freshPhone());
    await page.getByLabel('密码').fill('Duanhao2026');
    await page.getByLabel('所在社区').selectOption({ label: '桃园社区' });
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('吴短号，您好');
  });
});
