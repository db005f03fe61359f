import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { PHONE_360, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';
import { startSmtpSink } from '../../src/lib/server/testing/smtp';

// The reset link travels as real mail: the spec's server delivers its outbox to this SMTP sink.
const sink = await startSmtpSink();
afterAll(() => sink.close());
const app = useApp(() => ({ SMTP_URL: sink.url }));

const GRID_WORKER = { phone: '13800000004', email: 'gridworker@demo.gridcall.cn' };
const NEW_PASSWORD = 'Neues2026pw';

async function mailTo(to: string, subject: RegExp, timeoutMs = 30_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = sink.received.find((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(to) && subject.test(m.subject ?? ''));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}; got: ${sink.received.map((m) => m.subject).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('forgotten password on a phone', () => {
  it('asks for a link, gets it by mail, sets a new password and is signed in; the link then says it was used', async () => {
    const page = await app.newPage(PHONE_360);
    await open(page, '/login');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.waitForURL((url) => url.pathname === '/password/forgot');
    await settled(page);
    await page.getByRole('heading', { name: '找回密码', level: 1 }).waitFor();
    await expectNoSeriousViolations(page, 'forgot password page');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    await page.getByLabel('手机号或邮箱').fill(GRID_WORKER.phone);
    await page.getByRole('button', { name: '发送链接' }).click();
    await page.getByRole('status').getByText('如果该账号登记了邮箱，设置密码的链接已发送').waitFor();
    await expectNoSeriousViolations(page, 'forgot password page, sent');

    const mail = await mailTo(GRID_WORKER.email, /^重设网格通密码$/);
    const link = /https?:\/\/\S+\/password\/[a-z2-7]{32}/.exec(mail.text ?? '')?.[0];
    expect(link, mail.text).toBeDefined();
    expect(new URL(link!).origin).toBe(new URL(app.url).origin);

    await open(page, link!);
    await page.getByRole('heading', { name: '设置新密码', level: 1 }).waitFor();
    await expectNoSeriousViolations(page, 'set password page');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);

    // Two different passwords: the mismatch is announced and tied to the second field.
    await page.getByLabel(/^新密码/).fill(NEW_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(`${NEW_PASSWORD}x`);
    await page.getByRole('button', { name: '设置密码并登录' }).click();
    await page.getByRole('alert').getByText('提交的内容有误').waitFor();
    const repeat = page.getByLabel('再次输入新密码');
    expect(await repeat.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await repeat.getAttribute('aria-describedby')}`).textContent()).toBe('两次输入的密码不一致');
    await expectNoSeriousViolations(page, 'set password page with an error');

    await page.getByLabel(/^新密码/).fill(NEW_PASSWORD);
    await repeat.fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '设置密码并登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await settled(page);
    expect(pathname(page)).toBe('/');

    // Signed in on this phone; the same link now says it has been used and offers a new one.
    const other = await app.newPage(PHONE_360);
    await open(other, link!);
    await other.getByRole('heading', { name: '链接已使用', level: 1 }).waitFor();
    await other.getByRole('link', { name: '重新获取链接' }).waitFor();
    await expectNoSeriousViolations(other, 'used link page');
    // And the new password logs in elsewhere.
    await logIn(other, GRID_WORKER.phone, NEW_PASSWORD);
    expect(pathname(other)).toBe('/');
  });
});
