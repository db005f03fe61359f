import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { freshDb } from '../../src/lib/server/testing/db';
import type { Database } from '../../src/lib/server/db/connect';
import { common } from '../../src/lib/i18n/zh-CN/common';
import { callout as calloutWords } from '../../src/lib/i18n/zh-CN/callout';
import { mail as mailWords } from '../../src/lib/i18n/zh-CN/mail';
import { ROOT, removeDataDir, startServer, type RunningServer } from '../support/server';
import { HOUR, fromNow, login, mutate, query, sleep, units } from '../support/portal';
import { KNOWN_GAPS, PAGE_ACCESS, VISITORS, expectedPage, type Caller, type Observed, type Target, type Visitor } from './page-access';

/**
 * Every page route of src/routes × signed out and every caller × (for record pages) a record in the
 * caller's reach, one outside it and a made-up id, loaded from the built server and compared with the
 * table written from the design (page-access.ts). No page may answer 500 to anyone.
 */
let server: RunningServer & { dataDir: string };
let pg: (Database & { url?: string }) | undefined;
const url = () => server.url;

/** Route ids (as SvelteKit names them) of every folder under src/routes holding a page. */
function pageRoutesOnDisk(): string[] {
  const base = join(ROOT, 'src/routes');
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && /^\+page(\.server)?\.(ts|js|svelte)$/.test(e.name))) {
      const rel = relative(base, dir).split(sep).join('/');
      found.push(`/${rel}`);
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(base);
  return found.sort();
}

/** The path a static route id is served at: groups dropped. */
const pathOf = (routeId: string) => routeId.split('/').filter((s) => s && !/^\(.*\)$/.test(s)).join('/').replace(/^/, '/');

interface Load {
  target: Target;
  path: string;
  /** Text on the page when it shows the record; never on a page that refuses it. */
  marker?: string;
  /** Whom `target` is about; a record out of reach for one caller may be in reach for another. */
  label: string;
}

const cookies = {} as Record<Caller, string>;
const UNIQUE = randomUUID().slice(0, 6);
const TITLE_IN = `页面权限湖滨巡查${UNIQUE}`;
const TITLE_OUT = `页面权限西山巡查${UNIQUE}`;
const EVENT_OUT = `页面权限西山集市${UNIQUE}`;
const WEST_WORKER = `吴西山${UNIQUE}`;
const PLACE = `心灵驿站页面权限室${UNIQUE}`;

/** The records each record page is opened with, built in beforeAll. */
const records = {} as {
  calloutIn: string; calloutOut: string; eventIn: string; eventOut: string;
  mailIn: string; mailInSubject: string; mailOut: string; mailOutSubject: string;
  runIn: string; runOut: string; workerIn: string; workerOut: string; payslipIn: string; payslipOut: string;
  boothIn: string; boothOut: string; unitIn: string; unitOut: string; certificate: string; unsubscribe: string; passwordLink: string;
  bookingLinkIn: string; bookingLinkOut: string;
};

/** A record page opened with a record in reach, one outside it, a made-up UUID and a malformed id. */
function byId(prefix: string, suffix: string, inId: string, outId: string, markers: { in?: string; out?: string } = {}): Load[] {
  return [
    { target: 'in', path: `${prefix}/${inId}${suffix}`, marker: markers.in, label: 'in reach' },
    { target: 'out', path: `${prefix}/${outId}${suffix}`, marker: markers.out, label: 'out of reach' },
    { target: 'forged', path: `${prefix}/${randomUUID()}${suffix}`, label: 'a made-up UUID' },
    { target: 'malformed', path: `${prefix}/not-an-id${suffix}`, label: 'a malformed id' }
  ];
}

/** A link page opened with the real token and one made up. */
function byToken(prefix: string, token: string, marker: string): Load[] {
  const forged = token.slice(0, -1) + (token.at(-1) === 'A' ? 'B' : 'A');
  return [
    { target: 'in', path: `${prefix}/${token}`, marker, label: 'the real token' },
    { target: 'forged', path: `${prefix}/${forged}`, marker, label: 'the token one character off' },
    { target: 'forged', path: `${prefix}/made-up-token`, marker, label: 'a made-up token' }
  ];
}

/** How each dynamic route is opened; static routes are opened at their path. */
const DYNAMIC: Record<string, () => Load[]> = {
  // The form alone, and the form staffing a booth of the demo street's fair or of 西山街道's event.
  '/(app)/callouts/new': () => [
    { target: 'page', path: '/callouts/new', label: 'the page' },
    { target: 'in', path: `/callouts/new?booth=${records.boothIn}`, marker: '网格员服务节', label: 'a booth in reach' },
    { target: 'out', path: `/callouts/new?booth=${records.boothOut}`, marker: EVENT_OUT, label: 'a booth out of reach' },
    { target: 'forged', path: `/callouts/new?booth=${randomUUID()}`, label: 'a made-up booth' },
    { target: 'malformed', path: '/callouts/new?booth=not-an-id', label: 'a malformed booth id' }
  ],
  '/(app)/admin/mailbox/[id]': () => byId('/admin/mailbox', '', records.mailIn, records.mailOut, { in: records.mailInSubject, out: records.mailOutSubject }),
  '/(app)/callouts/[id]': () => byId('/callouts', '', records.calloutIn, records.calloutOut, { in: TITLE_IN, out: TITLE_OUT }),
  '/(app)/callouts/[id]/edit': () => byId('/callouts', '/edit', records.calloutIn, records.calloutOut, { in: TITLE_IN, out: TITLE_OUT }),
  '/(app)/callouts/[id]/code': () => byId('/callouts', '/code', records.calloutIn, records.calloutOut, { in: TITLE_IN, out: TITLE_OUT }),
  '/(app)/callouts/[id]/attendance': () => byId('/callouts', '/attendance', records.calloutIn, records.calloutOut, { in: TITLE_IN, out: TITLE_OUT }),
  '/(app)/callouts/[id]/check-in': () => byId('/callouts', '/check-in', records.calloutIn, records.calloutOut, { in: TITLE_IN, out: TITLE_OUT }),
  '/(app)/events/[id]': () => byId('/events', '', records.eventIn, records.eventOut, { in: '网格员服务节', out: EVENT_OUT }),
  '/(app)/events/[id]/edit': () => byId('/events', '/edit', records.eventIn, records.eventOut, { in: '网格员服务节', out: EVENT_OUT }),
  '/(app)/hr/pay/[id]': () => byId('/hr/pay', '', records.runIn, records.runOut, { out: WEST_WORKER }),
  '/(app)/hr/workers/[id]': () => byId('/hr/workers', '', records.workerIn, records.workerOut, { out: WEST_WORKER }),
  '/(app)/payslips/[id]': () => byId('/payslips', '', records.payslipIn, records.payslipOut, { out: WEST_WORKER }),
  '/honours/[unitId]': () => byId('/honours', '', records.unitIn, records.unitOut),
  '/verify/[code]': () => byToken('/verify', records.certificate, '这是网格通签发的有效证明。'),
  '/unsubscribe/[token]': () => byToken('/unsubscribe', records.unsubscribe, calloutWords['unsubscribe.confirm']),
  '/(auth)/password/[token]': () => byToken('/password', records.passwordLink, 'name="repeat"'),
  // The demo grid worker's own booking, and another grid worker's.
  '/counseling/link/[token]': () => [
    ...byToken('/counseling/link', records.bookingLinkIn, PLACE),
    { target: 'out', path: `/counseling/link/${records.bookingLinkOut}`, marker: PLACE, label: "another worker's booking" }
  ]
};

function loadsOf(routeId: string): Load[] {
  if (DYNAMIC[routeId]) return DYNAMIC[routeId]();
  if (routeId.includes('[')) throw new Error(`${routeId}: a dynamic route needs its records in DYNAMIC`);
  return [{ target: 'page', path: pathOf(routeId), label: 'the page' }];
}

const DEMO: Record<Exclude<Caller, 'admin'>, string> = {
  volunteer: '13800000005', grid_worker: '13800000004', hr: '13800000002', counselor: '13800000003', cityAdmin: '13800000001'
};
const DISTRICT_ADMIN = '13700000101';
const CITY_ADMIN_2 = { phone: '13700000102', email: `admin2-${UNIQUE}@page-access.test` };
const WEST_HR = '13700000103';
const SECOND_WORKER = '13700000104';
const STAFF_PASSWORD = 'abc12345';

/** Waits for the mail worker to put a message for `to` into the demo mailbox, as `reader` sees it. */
async function mailTo(reader: string, to: string, subjectHas: string): Promise<{ id: string; subject: string; text: string }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = await query<{ id: string; toAddress: string; subject: string }[]>(url(), 'mailbox.list', {}, reader);
    const hit = list.find((m) => m.toAddress === to && m.subject.includes(subjectHas));
    if (hit) {
      const { textBody } = await query<{ textBody: string }>(url(), 'mailbox.get', { id: hit.id }, reader);
      return { id: hit.id, subject: hit.subject, text: textBody };
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} (${subjectHas}) in the mailbox:\n${server.output().slice(-3000)}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  if (process.env.DATABASE_URL) pg = await freshDb();
  server = await startServer({ SEED_DEMO: '1', MAIL_POLL_MS: '100', SCHEDULER_INTERVAL_MS: '3600000', ...(pg?.url ? { DATABASE_URL: pg.url } : {}) });
  const unit = await units(url());
  const city = await login(url(), DEMO.cityAdmin);
  // A district admin, a second city admin (whose private mail the first may not read), HR of the other
  // district and a second grid worker: the demo has one of each role only.
  await Promise.all([
    mutate(url(), 'account.createStaff', { name: '区管理员', phone: DISTRICT_ADMIN, password: STAFF_PASSWORD, role: 'admin', orgUnitId: unit('城东区') }, city),
    mutate(url(), 'account.createStaff', { name: '市管理员二', ...CITY_ADMIN_2, password: STAFF_PASSWORD, role: 'admin', orgUnitId: unit('某市') }, city),
    mutate(url(), 'account.createStaff', { name: '西区人事', phone: WEST_HR, password: STAFF_PASSWORD, role: 'hr', orgUnitId: unit('城西区') }, city),
    mutate(url(), 'account.createStaff', { name: '网格员二', phone: SECOND_WORKER, password: STAFF_PASSWORD, role: 'grid_worker', orgUnitId: unit('湖滨社区/第一网格') }, city)
  ]);
  const [volunteer, gridWorker, hr, counselor, admin, hr2, westHr, admin2, worker2] = await Promise.all([
    login(url(), DEMO.volunteer), login(url(), DEMO.grid_worker), login(url(), DEMO.hr), login(url(), DEMO.counselor),
    login(url(), DISTRICT_ADMIN, STAFF_PASSWORD), login(url(), '13800000006'), login(url(), WEST_HR, STAFF_PASSWORD),
    login(url(), CITY_ADMIN_2.phone, STAFF_PASSWORD), login(url(), SECOND_WORKER, STAFF_PASSWORD)
  ]);
  Object.assign(cookies, { volunteer, grid_worker: gridWorker, hr, counselor, admin, cityAdmin: city });
  records.unitIn = unit('城东区');
  records.unitOut = unit('城西区');

  // A. An urgent callout of the demo grid (mailed to the demo volunteer at once) and one of 西山社区.
  const callout = (gridId: string, title: string) => ({
    gridId, title, category: 'patrol', urgency: 'urgent', place: '社区服务站', startsAt: fromNow(48 * HOUR), endsAt: fromNow(50 * HOUR), slots: 5
  });
  ({ id: records.calloutIn } = await mutate<{ id: string }>(url(), 'callout.create', callout(unit('湖滨社区/第一网格'), TITLE_IN), gridWorker));
  await mutate(url(), 'callout.publish', { calloutId: records.calloutIn }, gridWorker);
  ({ id: records.calloutOut } = await mutate<{ id: string }>(url(), 'callout.create', callout(unit('西山社区/第一网格'), TITLE_OUT), city));
  await mutate(url(), 'callout.publish', { calloutId: records.calloutOut }, city);
  ({ code: records.certificate } = await mutate<{ code: string }>(url(), 'certificate.issue', {}, volunteer));

  // B. The demo street's service fair, and an event of 西山街道.
  const managed = await query<{ id: string; title: string }[]>(url(), 'event.managed', undefined, city);
  records.eventIn = managed.find((e) => e.title === '网格员服务节')!.id;
  ({ eventId: records.eventOut } = await mutate<{ eventId: string }>(url(), 'event.create', {
    unitId: unit('西山街道'), title: EVENT_OUT, place: '西山街道广场', startsAt: fromNow(72 * HOUR), endsAt: fromNow(75 * HOUR)
  }, city));
  ({ boothId: records.boothOut } = await mutate<{ boothId: string }>(url(), 'event.addBooth', { eventId: records.eventOut, name: '法律援助' }, city));
  records.boothIn = (await query<{ booths: { id: string; name: string }[] }>(url(), 'event.get', { eventId: records.eventIn }, city)).booths[0]!.id;

  // C. A locked run of 城东区 with the demo grid worker's payslip; a draft run of 城西区 with its own worker.
  const structure = (unitId: string) => ({
    unitId, effectiveFrom: '2025-01-01', basePayFen: 350000, performanceBaseFen: 150000,
    coefficients: { A: 1200, B: 1000, C: 800, D: 500 }, communicationFen: 10000, overtimeHourFen: 3333, certificates: []
  });
  type Run = { payslips: { payslipId: string }[] };
  ({ userId: records.workerIn } = await query<{ userId: string }>(url(), 'auth.me', undefined, gridWorker));
  await mutate(url(), 'pay.structure.save', structure(unit('城东区')), hr);
  await mutate(url(), 'pay.inputs.saveRatings', { month: '2025-06', ratings: [{ workerId: records.workerIn, rating: 'B' }] }, hr);
  ({ runId: records.runIn } = await mutate<{ runId: string }>(url(), 'pay.run.create', { unitId: unit('城东区'), month: '2025-06' }, hr));
  await mutate(url(), 'pay.run.compute', { runId: records.runIn }, hr);
  await mutate(url(), 'pay.run.review', { runId: records.runIn }, hr);
  await mutate(url(), 'pay.run.approve', { runId: records.runIn }, hr2);
  await mutate(url(), 'pay.run.lock', { runId: records.runIn }, hr2);
  records.payslipIn = (await query<Run>(url(), 'pay.run.get', { runId: records.runIn }, hr)).payslips[0]!.payslipId;
  ({ userId: records.workerOut } = await mutate<{ userId: string }>(url(), 'worker.save', {
    name: WEST_WORKER, phone: '13700000105', gridId: unit('西山社区/第一网格'), position: '网格员', hireDate: '2024-01-01'
  }, westHr));
  await mutate(url(), 'pay.structure.save', structure(unit('城西区')), westHr);
  await mutate(url(), 'pay.inputs.saveRatings', { month: '2025-06', ratings: [{ workerId: records.workerOut, rating: 'B' }] }, westHr);
  ({ runId: records.runOut } = await mutate<{ runId: string }>(url(), 'pay.run.create', { unitId: unit('城西区'), month: '2025-06' }, westHr));
  await mutate(url(), 'pay.run.compute', { runId: records.runOut }, westHr);
  records.payslipOut = (await query<Run>(url(), 'pay.run.get', { runId: records.runOut }, westHr)).payslips[0]!.payslipId;

  // E. Office hours at a place of its own; each grid worker books and moves a session (the move answers the new link).
  await mutate(url(), 'counseling.hours.save', {
    minNoticeHours: 1, horizonDays: 14, overrides: [],
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '08:00', endTime: '20:00', mode: 'place', place: PLACE, slotMinutes: 30, bufferMinutes: 0 }))
  }, counselor);
  const [offer] = await query<{ id: string; slots: { startsAt: string }[] }[]>(url(), 'counseling.slots', { from: fromNow(24 * HOUR), to: fromNow(96 * HOUR) }, gridWorker);
  const bookAndMove = async (who: string, first: number, then: number) => {
    const { bookingId } = await mutate<{ bookingId: string }>(url(), 'counseling.book', { counselorId: offer!.id, startsAt: offer!.slots[first]!.startsAt }, who);
    return (await mutate<{ token: string }>(url(), 'counseling.reschedule', { bookingId, startsAt: offer!.slots[then]!.startsAt }, who)).token;
  };
  records.bookingLinkIn = await bookAndMove(gridWorker, 0, 1);
  records.bookingLinkOut = await bookAndMove(worker2, 2, 3);

  // Mail: the urgent callout's (not private: the city admin reads it, with its unsubscribe link), a
  // password link to the city admin (private, but his own) and one to the second city admin (not his).
  await mutate(url(), 'auth.requestPasswordReset', { identifier: 'admin@demo.gridcall.cn' });
  await mutate(url(), 'auth.requestPasswordReset', { identifier: CITY_ADMIN_2.email });
  const callMail = await mailTo(city, 'volunteer@demo.gridcall.cn', TITLE_IN);
  Object.assign(records, { mailIn: callMail.id, mailInSubject: callMail.subject });
  records.unsubscribe = callMail.text.match(/\/unsubscribe\/([^\s/]+)/)![1]!;
  const reset = mailWords['mail.passwordReset.subject'];
  records.passwordLink = (await mailTo(city, 'admin@demo.gridcall.cn', reset)).text.match(/\/password\/([^\s/]+)/)![1]!;
  const privateMail = await mailTo(admin2, CITY_ADMIN_2.email, reset);
  Object.assign(records, { mailOut: privateMail.id, mailOutSubject: privateMail.subject });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
  await pg?.close();
});

/** What a page answered, in the table's words. */
interface Answer {
  outcome: Observed;
  status: number;
  detail: string;
}

async function open(visitor: Visitor, load: Load): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (visitor !== 'anonymous') headers.cookie = cookies[visitor];
  const res = await fetch(`${url()}${load.path}`, { headers, redirect: 'manual' });
  const body = await res.text();
  const location = res.headers.get('location') ?? '';
  const text = body.replace(/<(script|style)[^]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const detail = `${res.status}${location ? ` → ${location}` : ''} ${text.slice(0, 300)}`;
  const chinese = body.includes('<html lang="zh-CN">');
  const shows = !load.marker || body.includes(load.marker);
  if (res.status === 303 || res.status === 302) {
    if (location === '/') return { outcome: 'home', status: res.status, detail };
    if (location === `/login?next=${encodeURIComponent(load.path)}`) return { outcome: 'login', status: res.status, detail };
    return { outcome: `redirect ${location}`, status: res.status, detail };
  }
  // The error pages say why in Chinese, and show nothing of the record.
  const leaks = Boolean(load.marker) && shows;
  if (res.status === 403 && chinese && body.includes(common['error.FORBIDDEN']) && !leaks) return { outcome: 403, status: 403, detail };
  if (res.status === 403 && body.includes(common['error.FORBIDDEN']) && !leaks) return { outcome: '403 bare page', status: 403, detail };
  if (res.status === 404 && chinese && body.includes(common['error.NOT_FOUND']) && !leaks) return { outcome: 404, status: 404, detail };
  if (res.status === 200 && chinese) return { outcome: shows ? 'shown' : 'notShown', status: 200, detail };
  return { outcome: `status ${res.status}`, status: res.status, detail };
}

/** Runs `tasks` at most `limit` at a time. */
async function pooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  }));
  return results;
}

describe('page access', () => {
  it('has an entry for every page route under src/routes, and none for a route that is gone', () => {
    const onDisk = pageRoutesOnDisk();
    expect(onDisk.filter((r) => !PAGE_ACCESS[r]), 'page routes without an entry in tests/server/page-access.ts').toEqual([]);
    expect(Object.keys(PAGE_ACCESS).filter((r) => !onDisk.includes(r)), 'entries of page-access.ts without a page route').toEqual([]);
    expect(Object.keys(DYNAMIC).filter((r) => !PAGE_ACCESS[r]), 'records for routes the table does not know').toEqual([]);
    for (const gap of KNOWN_GAPS) expect(PAGE_ACCESS[gap.route], `gap for an unknown route ${gap.route}`).toBeDefined();
  });

  it('answers every page as the table says, for every caller and record, and never a 500', async () => {
    const cases = Object.keys(PAGE_ACCESS).sort().flatMap((route) => loadsOf(route).flatMap((load) => VISITORS.map((visitor) => ({ route, load, visitor }))));
    const answers = await pooled(cases.map((c) => () => open(c.visitor, c.load)), 4);
    const wrong: string[] = [];
    const gapsSeen = new Set<number>();
    const observed: string[] = [];
    for (const [i, { route, load, visitor }] of cases.entries()) {
      const answer = answers[i]!;
      const gapIndex = KNOWN_GAPS.findIndex((g) => g.route === route && g.visitors.includes(visitor) && g.targets.includes(load.target));
      const expected = gapIndex >= 0 ? KNOWN_GAPS[gapIndex]!.today : expectedPage(PAGE_ACCESS[route]!, visitor, load.target);
      if (gapIndex >= 0) gapsSeen.add(gapIndex);
      const line = `${route} ${load.path} as ${visitor} (${load.label}): expected ${expected}, got ${answer.outcome} — ${answer.detail}`;
      if (answer.status >= 500) wrong.push(`500! ${line}`);
      else if (answer.outcome !== expected) wrong.push(line);
      if (process.env.PAGE_ACCESS_DUMP) observed.push(`${route}\t${load.label}\t${visitor}\t${answer.outcome}\t${expectedPage(PAGE_ACCESS[route]!, visitor, load.target)}`);
    }
    if (process.env.PAGE_ACCESS_DUMP) console.log(observed.join('\n'));
    expect(wrong, wrong.join('\n')).toEqual([]);
    const unused = KNOWN_GAPS.filter((_, i) => !gapsSeen.has(i));
    expect(unused, 'known gaps that no case met').toEqual([]);
    expect(server.output(), 'the server logged an unexpected error').not.toMatch(/\[error [0-9a-f]{8}\]/);
  }, 180_000);
});
