import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { databaseUrlFor } from '../../src/lib/server/testing/urls';
import { startSmtpSink, type SmtpSink } from '../../src/lib/server/testing/smtp';
import { startServer, removeDataDir, type RunningServer } from '../support/server';
import { call, codeOf, fromNow, HOUR, login, mutate, query, sleep, units } from '../support/portal';

/**
 * Two portal processes on one PostgreSQL database, as behind a load balancer: requests alternate
 * between them. Sessions, login throttling, the mail worker and the clock must behave as with one
 * process — no double sends, no double reminders, no double status moves. Both start at the same
 * moment on an empty database, so migrating and seeding race too.
 */
const PG = process.env.DATABASE_URL;

describe.skipIf(!PG)('two portal processes on one PostgreSQL (PostgreSQL only: PGlite is an embedded database of one process)', () => {
  let smtp: SmtpSink;
  let dbName: string;
  let dbUrl: string;
  let sql: pg.Client;
  let servers: (RunningServer & { dataDir: string })[] = [];
  /** Request i goes to process i mod 2. */
  const at = (i: number) => servers[i % 2]!.url;
  let unit: (path: string) => string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    dbName = `gridcall_t_${inject('pgRun')}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: PG });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    dbUrl = databaseUrlFor(PG!, dbName);
    const env = {
      DATABASE_URL: dbUrl,
      SEED_DEMO: '1',
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '100',
      SCHEDULER_INTERVAL_MS: '250',
      CALLOUT_DIGEST_MINUTES: '0',
      // One public address for both, as behind a load balancer (it goes into links in mails).
      ORIGIN: 'http://gridcall.test'
    };
    servers = await Promise.all([startServer(env), startServer(env)]);
    sql = new pg.Client({ connectionString: dbUrl });
    await sql.connect();
    unit = await units(at(0));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await Promise.all(servers.map((s) => removeDataDir(s.dataDir)));
    await sql?.end();
    await smtp?.close();
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });

  beforeEach(({ onTestFailed }) =>
    onTestFailed(() => servers.forEach((s, i) => console.error(`[process ${'AB'[i]} output]\n${s.output().slice(-3000)}`)))
  );

  it('both started at once on an empty database: migrated once, seeded once', async () => {
    const { rows } = await sql.query(`select (select count(*) from schema_migration) as migrations, (select count(*) from org_unit where level = 'city') as cities, (select count(*) from app_user where phone = '13800000001') as admins`);
    expect(Number(rows[0].migrations)).toBeGreaterThan(0);
    expect(Number(rows[0].cities)).toBe(1);
    expect(Number(rows[0].admins)).toBe(1);
  });

  it('a session made on A works on B, and a logout on B ends it on A', async () => {
    const cookie = await login(at(0), '13800000005');
    expect((await query<{ name: string }>(at(1), 'auth.me', undefined, cookie)).name).toBe('刘志愿');
    await mutate(at(1), 'auth.logout', {}, cookie);
    expect((await call(at(0), 'query', 'auth.me', undefined, cookie)).status).toBe(401);
  });

  it('five failed logins spread over A and B lock the account on both', async () => {
    for (let i = 0; i < 5; i++) {
      const answer = await call(at(i), 'mutation', 'auth.login', { identifier: '13900000002', password: 'wrong-pass1' });
      expect(codeOf(answer)).toBe('LOGIN_FAILED');
    }
    for (const i of [0, 1]) {
      const answer = await call(at(i), 'mutation', 'auth.login', { identifier: '13900000002', password: 'Gridcall2026' });
      expect(answer.status).toBe(429);
      expect(codeOf(answer)).toBe('LOGIN_LOCKED');
    }
  });

  const NEWCOMERS = 16;
  const newcomers: { email: string; cookie: string }[] = [];

  it('both mail workers deliver every queued mail exactly once', async () => {
    for (let i = 0; i < NEWCOMERS; i++) {
      const email = `two-proc-${i}@example.cn`;
      const answer = await call(at(i), 'mutation', 'auth.register', { name: `双进程${i}`, email, password: 'abc12345', homeCommunityId: unit('湖滨社区') });
      expect(answer.status, JSON.stringify(answer.error)).toBe(200);
      newcomers.push({ email, cookie: answer.cookie! });
    }
    const welcomes = () => smtp.received.filter((m) => m.subject === '欢迎加入网格通');
    await waitUntil(() => welcomes().length >= NEWCOMERS);
    await sleep(1000); // a double send would arrive by now
    expect(welcomes()).toHaveLength(NEWCOMERS);
    expect(new Set(welcomes().map((m) => m.messageId)).size).toBe(NEWCOMERS);
    expect(welcomes().map((m) => m.to && 'text' in m.to ? m.to.text : '').sort()).toEqual(newcomers.map((n) => n.email).sort());
  });

  it('an urgent callout mails each matching volunteer once', async () => {
    const gw = await login(at(0), '13800000004');
    const title = '双进程演练：紧急排水';
    const { id } = await mutate<{ id: string }>(at(0), 'callout.create', {
      gridId: unit('湖滨社区/第一网格'), title, category: 'emergency', urgency: 'urgent', place: '湖滨社区服务站', startsAt: fromNow(48 * HOUR), endsAt: fromNow(50 * HOUR), slots: 5
    }, gw);
    await mutate(at(1), 'callout.publish', { calloutId: id }, gw);
    // Everyone of 湖滨社区 with an e-mail: the newcomers and the demo volunteer.
    const expected = [...newcomers.map((n) => n.email), 'volunteer@demo.gridcall.cn'].sort();
    const urgent = () => smtp.received.filter((m) => m.subject === `【紧急召集】${title}`);
    await waitUntil(() => urgent().length >= expected.length);
    await sleep(1000);
    expect(urgent().map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual(expected);
  });

  it('with both clocks ticking, a callout moves to in progress once and each reminder and digest goes once', async () => {
    const gw = await login(at(1), '13800000004');
    const title = '双进程演练：楼道巡查';
    const { id } = await mutate<{ id: string }>(at(1), 'callout.create', {
      gridId: unit('湖滨社区/第一网格'), title, category: 'patrol', place: '湖滨社区 3 号楼', startsAt: fromNow(10_000), endsAt: fromNow(HOUR), slots: 10
    }, gw);
    await mutate(at(0), 'callout.publish', { calloutId: id }, gw);
    const signedUp = newcomers.slice(0, 4);
    for (const [i, n] of signedUp.entries()) {
      await mutate(at(i), 'callout.signUp', { calloutId: id }, n.cookie);
    }

    await waitUntil(async () => (await query<{ status: string }>(at(0), 'callout.get', { calloutId: id }, gw)).status === 'in_progress', 20_000);
    const moved = await sql.query(`select updated_at from callout where id = $1`, [id]);
    await sleep(1500); // several more ticks of both clocks
    const later = await sql.query(`select status, updated_at from callout where id = $1`, [id]);
    expect(later.rows[0].status).toBe('in_progress');
    expect(later.rows[0].updated_at).toEqual(moved.rows[0].updated_at);

    const to = (m: { to?: unknown }) => (m.to && typeof m.to === 'object' && 'text' in m.to ? String(m.to.text) : '');
    const reminders = smtp.received.filter((m) => m.subject === `明天见：${title}`).map(to).sort();
    expect(reminders).toEqual(signedUp.map((n) => n.email).sort());
    const digests = smtp.received.filter((m) => m.subject?.startsWith('您的社区有') && m.text?.includes(title)).map(to).sort();
    expect(digests).toEqual([...newcomers.map((n) => n.email), 'volunteer@demo.gridcall.cn'].sort());
  });

  it('with both clocks ticking, a counseling reminder and a certificate expiry notice go once', async () => {
    const [counselor, gw] = await Promise.all([login(at(0), '13800000003'), login(at(1), '13800000004')]);
    await mutate(at(0), 'counseling.hours.save', {
      minNoticeHours: 1, horizonDays: 14, overrides: [],
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '08:00', endTime: '20:00', mode: 'place', place: '心灵驿站（东湖街道办 3 楼）', slotMinutes: 30, bufferMinutes: 0 }))
    }, counselor);
    const [offer] = await query<{ id: string; slots: { startsAt: string }[] }[]>(at(1), 'counseling.slots', { from: fromNow(24 * HOUR), to: fromNow(72 * HOUR) }, gw);
    const { bookingId } = await mutate<{ bookingId: string }>(at(1), 'counseling.book', { counselorId: offer!.id, startsAt: offer!.slots[0]!.startsAt }, gw);
    const { userId: workerId } = await query<{ userId: string }>(at(0), 'auth.me', undefined, gw);
    // As if time had passed: the session is now three hours away, and a certificate expires in ten days.
    await sql.query(`update counseling_booking set starts_at = now() + interval '3 hours', ends_at = now() + interval '210 minutes', reminded_at = null where id = $1`, [bookingId]);
    await sql.query(
      `insert into worker_certificate (worker_id, type_code, issued_on, expires_on, verified_at) values ($1, 'social_worker_mid', current_date - 700, current_date + 10, now())`,
      [workerId]
    );
    const reminders = () => smtp.received.filter((m) => m.subject?.startsWith('心理咨询提醒'));
    const notices = () => smtp.received.filter((m) => m.subject?.startsWith('您的社会工作师（中级）证书'));
    await waitUntil(() => reminders().length > 0 && notices().length > 0);
    await sleep(1500); // several more ticks of both clocks
    expect(notices()).toHaveLength(1);
    const to = (m: { to?: unknown }) => (m.to && typeof m.to === 'object' && 'text' in m.to ? String(m.to.text) : '');
    const perAddress = reminders().map(to);
    expect(perAddress.length).toBeGreaterThan(0);
    expect(new Set(perAddress).size, perAddress.join(', ')).toBe(perAddress.length);
  });

  it('every mail in the outbox was sent, and arrived exactly once', async () => {
    await waitUntil(async () => Number((await sql.query(`select count(*) as n from email_outbox where status <> 'sent'`)).rows[0].n) === 0);
    await sleep(500);
    const { rows } = await sql.query<{ message_id: string }>(`select message_id from email_outbox`);
    const arrived = smtp.received.map((m) => m.messageId!).sort();
    expect(arrived).toEqual(rows.map((r) => r.message_id).sort());
    // No piece of news went out twice under two Message-IDs either (the rounds queue each once).
    const doubles = await sql.query(`select to_address, subject, count(*) as n from email_outbox group by 1, 2 having count(*) > 1`);
    expect(doubles.rows).toEqual([]);
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}
