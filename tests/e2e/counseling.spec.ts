import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import { ADMIN, DEMO_PASSWORD, PHONE_360, logIn, open, pathname, scrollWidth, settled, useApp } from './support/browser';
import { expectNoSeriousViolations } from './support/axe';
import { startSmtpSink } from '../../src/lib/server/testing/smtp';

// The invites travel as real mail: the spec's server delivers its outbox to this SMTP sink, so
// what is checked is the message as a mail client receives it (text/calendar part included).
const sink = await startSmtpSink();
afterAll(() => sink.close());
const app = useApp(() => ({ SMTP_URL: sink.url }));

const GRID_WORKER = { phone: '13800000004', email: 'gridworker@demo.gridcall.cn' };
const COUNSELOR = '13800000003';
const HR = '13800000002';
const STATION = '心灵驿站（东湖街道办 3 楼）';
const MINUTE = 60_000;

/** A Shanghai wall clock: date, 'HH:MM', minutes after midnight. */
function shanghai(ms: number) {
  const local = new Date(ms + 8 * 3600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16), minutes: Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16)) };
}
const instant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The session the counselor marks must have started, and the API books nothing in the past: so the
 * counselor opens 15 extra minutes today starting a minute or so ahead, the worker moves the booking
 * there by the mail link, and the test waits for the start. Extra hours end by midnight; close to
 * it, the test waits for the next day first.
 */
const LEAD = 80_000;
const untilSafe = shanghai(Date.now()).minutes > 23 * 60 + 20 ? (24 * 60 + 1 - shanghai(Date.now()).minutes) * MINUTE : 0;

interface Invite {
  method: string;
  uid: string;
  sequence: number;
  start: string;
  tzid: string;
  localStart: string;
}

/** The invite of a received mail, read with ical.js (its VTIMEZONE registered, as a calendar app does). */
function inviteOf(mail: ParsedMail): Invite {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`no text/calendar part in "${mail.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
  const zone = calendar.getFirstSubcomponent('vtimezone');
  if (zone) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const dtstart = vevent.getFirstProperty('dtstart')!;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    tzid: String(dtstart.getParameter('tzid')),
    localStart: event.startDate.toString().slice(11, 16)
  };
}

/** The first mail to `to` whose subject matches (and `where`), waiting for the outbox to deliver it. */
async function mailTo(to: string, subject: RegExp, where: (m: ParsedMail) => boolean = () => true, timeoutMs = 30_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = sink.received.find((m) => (m.to && 'text' in m.to ? m.to.text : '').includes(to) && subject.test(m.subject ?? '') && where(m));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}; got: ${sink.received.map((m) => m.subject).join(' | ')}`);
    await sleep(200);
  }
}

/** A tRPC call with the page's session cookie, as any outside client makes it. */
async function call<T>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation'): Promise<T> {
  const response = kind === 'query'
    ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
    : await page.request.post(`/api/trpc/${path}`, { data: input });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${path}: ${response.status()} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

async function fits360(page: Page, what: string) {
  await expectNoSeriousViolations(page, what);
  expect(await scrollWidth(page), `${what} is wider than the phone`).toBeLessThanOrEqual(360);
}

describe('counseling booking on a phone', () => {
  it(
    'the counselor publishes hours, a worker books under an alias, gets the invite, moves it by the mail link signed out, and the counselor marks it attended',
    async () => {
      if (untilSafe) await sleep(untilSafe);
      const tomorrow = shanghai(Date.now() + 24 * 3600_000).date;

      // HR sees nothing of counseling.
      const hr = await app.newPage(PHONE_360);
      await logIn(hr, HR);
      expect(await open(hr, '/counseling')).toBe(403);
      expect(await open(hr, '/wellbeing/book')).toBe(403);
      await hr.context().close();

      // 1. The counselor publishes office hours: tomorrow's weekday 09:00–12:00 at the station, with
      //    no minimum notice (so that a session starting in a minute can be booked later on).
      const counselor = await app.newPage(PHONE_360);
      await logIn(counselor, COUNSELOR);
      await counselor.getByRole('navigation').getByRole('link', { name: '咨询值班与预约' }).click();
      await counselor.waitForURL((u) => u.pathname === '/counseling');
      await settled(counselor);
      await counselor.getByText('您还没有发布开放时间').waitFor();
      await fits360(counselor, 'the counselor portal before hours are published');

      await counselor.getByLabel('最短提前预约（小时）').fill('0');
      await counselor.getByLabel('可预约范围（天）').fill('14');
      await counselor.getByRole('button', { name: '添加每周时段' }).click();
      const weekly = counselor.getByRole('group', { name: '每周时段 1' });
      // Adding a row takes the focus to its first field.
      expect(await counselor.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^rule-\d+-weekday$/);
      await weekly.getByLabel('星期').selectOption(String(isoWeekday(tomorrow)));
      await weekly.getByLabel('开始时间').fill('09:00');
      await weekly.getByLabel('结束时间').fill('08:00');
      await weekly.getByLabel('地点').fill(STATION);
      await weekly.getByLabel('每次时长（分钟）').fill('50');
      await weekly.getByLabel('间隔（分钟）').fill('10');

      // A window that ends before it starts is refused by its field, and nothing is saved.
      await counselor.getByRole('button', { name: '保存开放时间' }).click();
      await weekly.getByText('结束时间须晚于开始时间').waitFor();
      expect(await weekly.getByLabel('结束时间').getAttribute('aria-invalid')).toBe('true');
      expect(await counselor.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
      await fits360(counselor, 'the hours editor with a refused window');
      await weekly.getByLabel('结束时间').fill('12:00');
      await counselor.getByRole('button', { name: '保存开放时间' }).click();
      await counselor.getByRole('status').filter({ hasText: '开放时间已保存' }).waitFor();
      expect(await counselor.getByText('您还没有发布开放时间').count()).toBe(0);

      // 2. The worker books tomorrow 09:00 under an alias.
      const worker = await app.newPage(PHONE_360);
      await logIn(worker, GRID_WORKER.phone);
      await worker.getByRole('navigation').getByRole('link', { name: '预约咨询' }).click();
      await worker.waitForURL((u) => u.pathname === '/wellbeing/book');
      await settled(worker);
      expect(await worker.getByRole('heading', { level: 1 }).innerText()).toBe('预约心理咨询');
      // The days are radio buttons: arrow keys move between them and the slots follow.
      const dayHeading = worker.getByRole('heading', { name: /可预约时段$/, level: 3 });
      const tomorrowHeading = await dayHeading.innerText();
      await worker.getByRole('radio', { name: /明天/ }).focus();
      await worker.keyboard.press('ArrowRight');
      expect(await worker.getByRole('radio', { name: /明天/ }).isChecked()).toBe(false);
      expect(await dayHeading.innerText()).not.toBe(tomorrowHeading);
      await worker.keyboard.press('ArrowLeft');
      expect(await worker.getByRole('radio', { name: /明天/ }).isChecked()).toBe(true);
      expect(await dayHeading.innerText()).toBe(tomorrowHeading);
      await fits360(worker, 'the free slots');
      const first = worker.getByRole('button', { name: /^09:00–09:50/ });
      expect(await first.innerText()).toContain('陈咨询');
      expect(await first.innerText()).toContain(STATION);
      await first.click();
      const form = worker.getByRole('form', { name: '确认预约' });
      await form.waitFor();
      expect(await form.innerText()).toContain('仅咨询师可见');
      await form.getByLabel('化名（选填）').fill('小林');
      await form.getByLabel('留言（选填）').fill('最近睡眠不太好，想聊聊。');
      await fits360(worker, 'the booking form');
      await form.getByRole('button', { name: '确认预约' }).click();
      await worker.getByRole('status').filter({ hasText: '预约成功' }).waitFor();
      const mine = worker.getByRole('region', { name: '我的预约' });
      await mine.getByText('小林').waitFor();
      expect(await mine.innerText()).toContain('已留言（仅咨询师可见）');

      // A slot taken while the form was open (here by the worker's own second booking through the
      // API): "该时段已被预约", and the list comes back without it.
      await worker.getByRole('radio', { name: /明天/ }).check();
      await worker.getByRole('button', { name: /^10:00–10:50/ }).click();
      const [reachable] = await call<{ id: string; name: string }[]>(worker, 'counseling.slots', {
        from: new Date().toISOString(), to: new Date(Date.now() + 3 * 86_400_000).toISOString()
      }, 'query');
      expect(reachable?.name).toBe('陈咨询');
      const counselorId = reachable!.id;
      await call(worker, 'counseling.book', { counselorId, startsAt: instant(tomorrow, '10:00') }, 'mutation');
      await worker.getByRole('form', { name: '确认预约' }).getByRole('button', { name: '确认预约' }).click();
      const lost = worker.getByRole('alert').filter({ hasText: '该时段已被预约' });
      await lost.waitFor();
      expect(await lost.innerText()).toContain('时段列表已刷新');
      await worker.getByRole('radio', { name: /明天/ }).check();
      await worker.getByRole('button', { name: /^11:00–11:50/ }).waitFor();
      expect(await worker.getByRole('button', { name: /^10:00–10:50/ }).count()).toBe(0);

      // The second booking is cancelled from the list, after a confirm step that keeps by default.
      const second = mine.getByRole('listitem').filter({ hasText: '10:00–10:50' });
      await second.getByRole('button', { name: '取消预约' }).click();
      expect(await worker.evaluate(() => document.activeElement?.textContent?.trim())).toBe('保留预约');
      await second.getByRole('button', { name: '确定取消' }).click();
      await worker.getByRole('status').filter({ hasText: '已取消' }).waitFor();
      expect(await second.innerText()).toContain('已取消');
      await fits360(worker, 'my bookings after a cancellation');

      // The calendar's list (the phone's view) has both, with the legend's symbol; the cancelled one says so.
      await open(worker, '/calendar');
      await worker.getByRole('checkbox', { name: '心理咨询', exact: true }).waitFor();
      await worker.locator('.fc-list').waitFor();
      if (tomorrow.slice(0, 7) !== shanghai(Date.now()).date.slice(0, 7)) await worker.locator('.fc-next-button').click();
      const sessions = worker.locator('.fc-list-event.kind-booking');
      await expect.poll(() => sessions.allInnerTexts()).toEqual(expect.arrayContaining([
        expect.stringContaining('■ 心理咨询 · 陈咨询'), expect.stringContaining('■ 【已取消】心理咨询 · 陈咨询')
      ]));
      await fits360(worker, 'counseling sessions in the calendar list');

      // 3. The confirmation: METHOD:REQUEST, the booking's UID, SEQUENCE 0, tomorrow 09:00 Shanghai.
      // Both bookings were confirmed by mail: the one at 09:00 is the one to follow.
      const at9 = (m: ParsedMail) => inviteOf(m).start === instant(tomorrow, '09:00');
      const booked = await mailTo(GRID_WORKER.email, /心理咨询预约成功/, at9);
      const invite = inviteOf(booked);
      expect(invite).toMatchObject({ method: 'REQUEST', sequence: 0, start: instant(tomorrow, '09:00'), tzid: 'Asia/Shanghai', localStart: '09:00' });
      expect(invite.uid).toMatch(/^booking-[0-9a-f-]{36}@gridcall\.cn$/);
      const link = /https?:\/\/\S+\/counseling\/link\/\S+/.exec(booked.text ?? '')?.[0];
      expect(link, 'the manage link in the mail').toBeTruthy();
      // The counselor's copy carries the same invite, and neither the alias nor the note.
      const counselorCopy = await mailTo('counselor@demo.gridcall.cn', /新的咨询预约/, at9);
      expect(inviteOf(counselorCopy).uid).toBe(invite.uid);
      expect(`${counselorCopy.subject} ${counselorCopy.text}`).not.toMatch(/小林|睡眠|张网格/);

      // 4. The counselor adds 15 minutes online today, starting at the next whole minute after the
      //    lead time: a date change beside the weekly hours.
      const soonMs = Math.ceil((Date.now() + LEAD) / MINUTE) * MINUTE;
      const soon = shanghai(soonMs).time;
      await counselor.getByRole('button', { name: '添加日期调整' }).click();
      const extra = counselor.getByRole('group', { name: '日期调整 1' });
      await extra.getByLabel('日期').fill(shanghai(soonMs).date);
      await extra.getByLabel('调整').selectOption('extra');
      await extra.getByLabel('开始时间').fill(soon);
      await extra.getByLabel('结束时间').fill(shanghai(soonMs + 15 * MINUTE).time);
      await extra.getByLabel('方式').selectOption('online');
      await extra.getByLabel('线上方式').fill('腾讯会议 123-456-789');
      await extra.getByLabel('每次时长（分钟）').fill('15');
      await extra.getByLabel('间隔（分钟）').fill('0');
      await fits360(counselor, 'the hours editor with a date change');
      const savedAgain = counselor.waitForResponse((r) => r.url().includes('counseling.hours.save'));
      await counselor.getByRole('button', { name: '保存开放时间' }).click();
      expect((await savedAgain).ok()).toBe(true);
      await counselor.getByRole('status').filter({ hasText: '开放时间已保存' }).waitFor();

      //    Signed out, the mail link shows nothing of the booking and asks to sign in; signed in as
      //    the worker it comes back to the booking and moves it to that stretch.
      const byLink = await app.newPage(PHONE_360);
      await open(byLink, new URL(link!).pathname);
      await byLink.getByText('邮件中的链接要登录后才能使用').waitFor();
      expect(await byLink.getByRole('article').count()).toBe(0);
      expect(await byLink.content()).not.toContain('陈咨询');
      await fits360(byLink, 'the mail link, signed out');
      await byLink.getByRole('button', { name: '登录查看预约' }).click();
      await byLink.waitForURL((u) => u.pathname === '/login');
      await byLink.getByLabel('手机号或邮箱').fill(GRID_WORKER.phone);
      await byLink.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await byLink.getByRole('button', { name: '登录', exact: true }).click();
      await byLink.waitForURL((u) => u.pathname === new URL(link!).pathname);
      await settled(byLink);
      expect(await byLink.getByRole('heading', { level: 1 }).innerText()).toBe('我的心理咨询预约');
      const card = byLink.getByRole('article');
      expect(await card.innerText()).toContain('09:00–09:50');
      expect(await card.innerText()).toContain('陈咨询');
      expect(await card.innerText()).not.toContain('小林');
      await fits360(byLink, 'the booking behind the mail link');
      await byLink.getByRole('button', { name: '改约' }).click();
      await byLink.getByRole('radio', { name: /今天/ }).check();
      await byLink.getByRole('button', { name: new RegExp(`^${soon}–`) }).click();
      await byLink.getByRole('group', { name: /^改到/ }).waitFor();
      await fits360(byLink, 'choosing a new slot by the link');
      await byLink.getByRole('button', { name: '确认改约' }).click();
      await byLink.getByRole('status').filter({ hasText: '已改约到' }).waitFor();
      expect(await card.innerText()).toContain(soon);
      expect(await card.innerText()).toContain('腾讯会议 123-456-789');
      expect(pathname(byLink)).not.toBe(new URL(link!).pathname);

      // The change: same UID, SEQUENCE 1, the new time.
      const changed = inviteOf(await mailTo(GRID_WORKER.email, /心理咨询已改约/));
      expect(changed).toMatchObject({ method: 'REQUEST', uid: invite.uid, sequence: 1, start: new Date(soonMs).toISOString(), localStart: soon });

      // The link from before the change, and a forged one, say so and show nothing else.
      for (const path of [new URL(link!).pathname, '/counseling/link/forged.token']) {
        await open(byLink, path);
        await byLink.getByRole('alert').filter({ hasText: '该链接无效或已失效' }).waitFor();
        expect(await byLink.getByRole('article').count()).toBe(0);
        expect(await byLink.getByRole('button', { name: /改约|取消/ }).count()).toBe(0);
      }
      await fits360(byLink, 'an outdated link');

      // The worker's portal (the link in every mail) lists the moved booking with its alias.
      await open(worker, '/counseling');
      await worker.getByRole('region', { name: '我的预约' }).getByText(soon, { exact: false }).first().waitFor();
      await fits360(worker, "the worker's portal");
      // The same in English.
      await open(worker, '/wellbeing/book');
      await worker.getByRole('button', { name: /English/ }).click();
      await worker.getByRole('heading', { level: 1, name: 'Book a counseling session' }).waitFor();
      await worker.getByRole('region', { name: 'My bookings' }).getByText('Alias').first().waitFor();
      await fits360(worker, 'the booking page in English');
      await worker.getByRole('button', { name: /中文/ }).click();
      await worker.getByRole('heading', { level: 1, name: '预约心理咨询' }).waitFor();

      // 5. Once the session has started, the counselor sees it under the alias and marks it attended.
      await sleep(Math.max(0, soonMs - Date.now() + 2000));
      await open(counselor, '/counseling');
      const session = counselor.getByRole('listitem').filter({ hasText: '小林' });
      expect(await session.innerText()).toContain('（化名）');
      expect(await session.innerText()).toContain('最近睡眠不太好，想聊聊。');
      expect(await session.innerText()).not.toContain('张网格');
      await fits360(counselor, "the counselor's sessions");
      await session.getByRole('button', { name: '已到场' }).click();
      await session.getByRole('status').filter({ hasText: '已标记为已到场' }).waitFor();
      expect(await session.getByRole('button', { name: '已到场' }).getAttribute('aria-pressed')).toBe('true');
      await expectNoSeriousViolations(counselor, 'a marked session');
    },
    300_000 + untilSafe
  );

  it('the counselor cancels a session inside the notice with a reason; the worker gets a CANCEL invite; admins see only suppressed counts', async () => {
    // Every day 07:00–22:00 in 15-minute slots, 24 hours' notice: the session is then moved inside it.
    const counselor = await app.newPage(PHONE_360);
    await logIn(counselor, COUNSELOR);
    const rules = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '07:00', endTime: '22:00', mode: 'place', place: STATION, slotMinutes: 15, bufferMinutes: 0 }));
    await call(counselor, 'counseling.hours.save', { minNoticeHours: 24, horizonDays: 14, rules, overrides: [] }, 'mutation');
    const worker = await app.newPage(PHONE_360);
    await logIn(worker, GRID_WORKER.phone);
    const [reachable] = await call<{ id: string; slots: { startsAt: string }[] }[]>(worker, 'counseling.slots', {
      from: new Date().toISOString(), to: new Date(Date.now() + 14 * 86_400_000).toISOString()
    }, 'query');
    const startsAt = reachable!.slots[0]!.startsAt;
    const { bookingId } = await call<{ bookingId: string }>(worker, 'counseling.book', { counselorId: reachable!.id, startsAt, alias: '小周' }, 'mutation');
    // The counselor raises the notice to 72 hours: the session is now inside it, where the worker can no longer cancel.
    await call(counselor, 'counseling.hours.save', { minNoticeHours: 72, horizonDays: 14, rules, overrides: [] }, 'mutation');
    await expect(call(worker, 'counseling.cancel', { bookingId }, 'mutation')).rejects.toThrow(/COUNSELING_NOTICE|: 400 /);
    const localStart = shanghai(Date.parse(startsAt)).time;

    await open(counselor, '/counseling');
    const session = counselor.getByRole('listitem').filter({ hasText: '小周' });
    await session.getByRole('button', { name: '取消此次咨询' }).click();
    const reason = session.getByLabel('取消原因');
    expect(await counselor.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await reason.fill('病');
    await session.getByRole('button', { name: '下一步' }).click();
    await session.getByText('取消原因须为 2–200 个字').waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await fits360(counselor, 'the cancel reason refused');
    await reason.fill('咨询师身体不适，今天停诊');
    await session.getByRole('button', { name: '下一步' }).click();
    const confirm = session.getByRole('group', { name: /^确定取消/ });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('咨询师身体不适，今天停诊');
    // Keeping has the focus: a stray Enter cancels nothing.
    expect(await counselor.evaluate(() => document.activeElement?.textContent?.trim())).toBe('保留此次咨询');
    await fits360(counselor, 'the cancel confirm step');
    await confirm.getByRole('button', { name: '确定取消' }).click();
    await session.getByRole('status').filter({ hasText: '预约人已收到取消邮件' }).waitFor();
    expect(await session.innerText()).toContain('由您取消');
    expect(await session.getByRole('button', { name: '取消此次咨询' }).count()).toBe(0);
    await fits360(counselor, 'a session the counselor cancelled');

    // The worker's mail: the reason, the way to book again, and METHOD:CANCEL with the booking's UID, SEQUENCE 1.
    const mail = await mailTo(GRID_WORKER.email, /心理咨询已由咨询师取消/);
    expect(mail.text).toContain('咨询师身体不适，今天停诊');
    expect(mail.text).toMatch(/\/wellbeing\/book/);
    expect(inviteOf(mail)).toMatchObject({ method: 'CANCEL', uid: `booking-${bookingId}@gridcall.cn`, sequence: 1, start: startsAt, localStart });
    // The worker's own list says the counselor cancelled, and why.
    await open(worker, '/counseling');
    const mine = worker.getByRole('listitem').filter({ hasText: '小周' });
    await mine.waitFor();
    expect(await mine.innerText()).toMatch(/咨询师取消，原因\s*咨询师身体不适，今天停诊/);
    await fits360(worker, 'a booking the counselor cancelled');
    // The slot is free again (once the notice is back at 24 hours).
    await call(counselor, 'counseling.hours.save', { minNoticeHours: 24, horizonDays: 14, rules, overrides: [] }, 'mutation');
    const [after] = await call<{ slots: { startsAt: string }[] }[]>(worker, 'counseling.slots', {
      from: new Date().toISOString(), to: new Date(Date.now() + 14 * 86_400_000).toISOString(), counselorId: reachable!.id
    }, 'query');
    expect(after!.slots.map((x) => x.startsAt)).toContain(startsAt);

    // The admin's station totals: counts only, and this year's few bookings show as "<5".
    const admin = await app.newPage(PHONE_360);
    await logIn(admin, ADMIN.phone);
    await open(admin, '/wellbeing/aggregates');
    await admin.getByRole('link', { name: '心灵驿站预约统计' }).click();
    await admin.waitForURL((u) => u.pathname === '/counseling/totals');
    await settled(admin);
    const table = admin.getByRole('table', { name: /东湖街道/ });
    await table.waitFor();
    expect(await table.innerText()).toContain('<5');
    expect(await admin.locator('main').innerText()).not.toMatch(/小周|小林|张网格|陈咨询|身体不适/);
    await fits360(admin, 'the station totals');
    const hr = await app.newPage(PHONE_360);
    await logIn(hr, HR);
    expect(await open(hr, '/counseling/totals')).toBe(403);
    for (const page of [counselor, worker, admin, hr]) await page.context().close();
  }, 120_000);
});
