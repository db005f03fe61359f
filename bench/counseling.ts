import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal, percentile } from './stats';

/** Counselors in reach of the demo grid worker (the demo's 陈咨询 and 19 more), and the weeks searched. */
export const SLOT_COUNSELORS = 20;
export const SLOT_WEEKS = 8;
export const SLOT_WARMUP = 5;
export const SLOT_REQUESTS = 40;
const TIMEOUT_MS = 30_000;

// Demo data from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias.
const GRID_WORKER = { identifier: '13800000004', password: 'Gridcall2026' };
/** The units above the demo grid worker's grid (湖滨社区第一网格): counselors there are in its reach. */
const STATIONS = ['东湖街道', '城东区', '某市'];

/**
 * 19 counselors besides the demo's, spread over the street, district and city above the demo grid
 * worker; each with published hours (Mon–Fri 09:00–12:00 and 14:00–17:30 at the station, 45 min +
 * 15 min break; Saturday 09:00–11:00 online), a day off and an evening of extra hours in the eight
 * weeks, and about a third of the weekday 09:00 slots booked. Then ANALYZE, as autovacuum would.
 */
function seedSql(): string {
  return `
delete from counseling_booking; delete from counseling_rule; delete from counseling_override; delete from counseling_settings;

insert into app_user (name, phone, password_hash)
select '压测咨询师' || s, '1391000' || lpad(s::text, 4, '0'), 'bench-no-login'
from generate_series(1, ${SLOT_COUNSELORS - 1}) s;

insert into membership (user_id, role, org_unit_id)
select u.id, 'counselor', o.id
from app_user u
join org_unit o on o.name = (array[${STATIONS.map((s) => `'${s}'`).join(', ')}])[1 + right(u.phone, 4)::int % ${STATIONS.length}]
where u.phone like '1391000%';

create temporary table bench_counselor as
select u.id, row_number() over (order by u.phone) as n
from app_user u
where u.phone like '1391000%' or u.id in (select user_id from membership where role = 'counselor');

insert into counseling_settings (counselor_id, min_notice_hours, horizon_days)
select id, 24, 60 from bench_counselor;

insert into counseling_rule (counselor_id, weekday, starts_time, ends_time, mode, place, slot_minutes, buffer_minutes)
select c.id, d, w.st, w.et, 'place', '心灵驿站', 45, 15
from bench_counselor c cross join generate_series(1, 5) d
cross join (values (time '09:00', time '12:00'), (time '14:00', time '17:30')) w(st, et)
union all
select c.id, 6, time '09:00', time '11:00', 'online', '腾讯会议', 50, 10 from bench_counselor c;

insert into counseling_override (counselor_id, on_date, kind)
select c.id, current_date + (3 + c.n % 30)::int, 'off' from bench_counselor c;
insert into counseling_override (counselor_id, on_date, kind, starts_time, ends_time, mode, place, slot_minutes, buffer_minutes)
select c.id, current_date + (10 + c.n % 30)::int, 'extra', time '19:00', time '21:00', 'online', '腾讯会议', 50, 10 from bench_counselor c;

insert into counseling_booking (counselor_id, worker_id, starts_at, ends_at, mode, place)
select c.id, w.id, (d::date + time '09:00') at time zone 'Asia/Shanghai', (d::date + time '09:45') at time zone 'Asia/Shanghai', 'place', '心灵驿站'
from bench_counselor c
cross join (select id from app_user where phone = '${GRID_WORKER.identifier}') w
cross join generate_series(current_date + 2, current_date + ${SLOT_WEEKS * 7}, interval '1 day') d
where extract(isodow from d::date) between 1 and 5 and (extract(doy from d::date)::int + c.n) % 3 = 0;

analyze app_user; analyze membership; analyze counseling_rule; analyze counseling_override; analyze counseling_booking;`;
}

const COUNT_SQL = `select (select count(*) from counseling_settings)::int as counselors, (select count(*) from counseling_booking)::int as bookings`;

function checkSeeded(row: { counselors: number; bookings: number } | undefined): void {
  if (row?.counselors !== SLOT_COUNSELORS || row.bookings < SLOT_COUNSELORS * 10) {
    throw new Error(`seeding made ${row?.counselors ?? 0} counselors with hours and ${row?.bookings ?? 0} bookings: was the demo seeded?`);
  }
}

async function seedPostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query('set time zone \'Asia/Shanghai\'');
    await client.query(seedSql());
    checkSeeded((await client.query<{ counselors: number; bookings: number }>(COUNT_SQL)).rows[0]);
  } finally {
    await client.end();
  }
}

/** Only while no server holds the directory: PGlite is one process's database. */
async function seedPglite(dataDir: string): Promise<void> {
  const db = await PGlite.create({ dataDir });
  try {
    await db.exec(`set time zone 'Asia/Shanghai'; ${seedSql()}`);
    checkSeeded((await db.query<{ counselors: number; bookings: number }>(COUNT_SQL)).rows[0]);
  } finally {
    await db.close();
  }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(GRID_WORKER),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  if (!res.ok) throw new Error(`auth.login answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  if (!session) throw new Error('auth.login set no gc_session cookie');
  return session.split(';')[0]!;
}

interface Fetched {
  ms: number;
  text: string;
  status: number;
}

async function slotsOnce(url: string, cookie: string, range: { from: string; to: string }): Promise<Fetched> {
  const input = encodeURIComponent(JSON.stringify(range));
  const start = performance.now();
  const res = await fetch(`${url}/api/trpc/counseling.slots?input=${input}`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  return { ms: performance.now() - start, text, status: res.status };
}

interface Answer {
  counselors: number;
  slots: number;
}

/** Every seeded counselor must be there with slots, and no booked 09:00 start offered: a fast wrong answer is no figure. */
function check(f: Fetched, booked: Set<string>): Answer {
  let list: { id: string; slots: { startsAt: string }[] }[] | undefined;
  try {
    list = (JSON.parse(f.text) as { result?: { data?: typeof list } }).result?.data;
  } catch {
    // reported below
  }
  if (f.status !== 200 || !Array.isArray(list)) throw new Error(`counseling.slots answered ${f.status}: ${f.text.slice(0, 200)}`);
  const slots = list.reduce((n, c) => n + c.slots.length, 0);
  if (list.length !== SLOT_COUNSELORS || list.some((c) => c.slots.length < 100)) {
    throw new Error(`counseling.slots answered ${list.length} counselors with ${slots} slots, expected ${SLOT_COUNSELORS} with ≥ 100 each`);
  }
  const clash = list.find((c) => c.slots.some((s) => booked.has(`${c.id}@${Date.parse(s.startsAt)}`)));
  if (clash) throw new Error(`counseling.slots offered a booked slot of counselor ${clash.id}`);
  return { counselors: list.length, slots };
}

export interface SlotsResult {
  p50: number;
  p95: number;
  requests: number;
  counselors: number;
  slots: number;
  bookings: number;
  bytes: number;
}

async function measure(url: string, booked: Set<string>): Promise<SlotsResult> {
  const cookie = await login(url);
  const now = Date.now();
  const range = { from: new Date(now).toISOString(), to: new Date(now + SLOT_WEEKS * 7 * 86_400_000).toISOString() };
  let last: Fetched | undefined;
  for (let i = 0; i < SLOT_WARMUP; i++) {
    last = await slotsOnce(url, cookie, range);
    check(last, booked);
  }
  const samples: number[] = [];
  let answer: Answer | undefined;
  for (let i = 0; i < SLOT_REQUESTS; i++) {
    last = await slotsOnce(url, cookie, range);
    samples.push(last.ms);
    answer = check(last, booked); // outside the timing
  }
  return {
    p50: oneDecimal(percentile(samples, 50)),
    p95: oneDecimal(percentile(samples, 95)),
    requests: samples.length,
    counselors: answer!.counselors,
    slots: answer!.slots,
    bookings: booked.size,
    bytes: Buffer.byteLength(last!.text)
  };
}

const BOOKED_SQL = `select counselor_id as id, (extract(epoch from starts_at) * 1000)::bigint::text as at from counseling_booking where status <> 'cancelled'`;

async function bookedPostgres(url: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return new Set((await client.query<{ id: string; at: string }>(BOOKED_SQL)).rows.map((r) => `${r.id}@${r.at}`));
  } finally {
    await client.end();
  }
}

async function bookedPglite(dataDir: string): Promise<Set<string>> {
  const db = await PGlite.create({ dataDir });
  try {
    return new Set((await db.query<{ id: string; at: string }>(BOOKED_SQL)).rows.map((r) => `${r.id}@${r.at}`));
  } finally {
    await db.close();
  }
}

function withServerLog(err: unknown, server: RunningServer): Error {
  const cause = (err as Error).cause as Error | undefined;
  const log = server.output().trim().split('\n').slice(-5).join('\n');
  return new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
}

/**
 * The built server answering counseling.slots for the demo grid worker over the next eight weeks,
 * with SLOT_COUNSELORS counselors in reach; fresh PGlite dir or fresh PostgreSQL database.
 */
export async function counselingSlots(kind: 'pglite' | 'postgres'): Promise<SlotsResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let server: RunningServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await server?.stop();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    let booked: Set<string>;
    if (kind === 'postgres') {
      const db = await createBenchDatabase();
      dropDb = db.drop;
      server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: '1' }, { dataDir });
      await seedPostgres(db.url);
      booked = await bookedPostgres(db.url);
    } else {
      // The first start migrates and seeds the demo city; the directory is seeded while no server holds it.
      server = await startServer({ SEED_DEMO: '1' }, { dataDir });
      await server.stop();
      server = undefined;
      await seedPglite(dataDir);
      booked = await bookedPglite(dataDir);
      server = await startServer({ SEED_DEMO: '1' }, { dataDir });
    }
    try {
      return await measure(server.url, booked);
    } catch (err) {
      throw withServerLog(err, server);
    }
  } finally {
    await cleanup();
  }
}
