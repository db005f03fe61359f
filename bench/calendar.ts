import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal, percentile } from './stats';

/** Seeded into the measured month: callouts over the grids of one community, events of its street. */
export const CAL_CALLOUTS = 9_000;
export const CAL_EVENTS = 1_000;
export const CAL_WARMUP = 5;
export const CAL_REQUESTS = 60;
/** Measuring stops after this long, with at least CAL_MIN_REQUESTS samples, so a slow machine still finishes. */
export const CAL_BUDGET_S = 20;
const CAL_MIN_REQUESTS = 20;
const TIMEOUT_MS = 30_000;

// Demo data from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias.
const VOLUNTEER = { identifier: '13800000005', password: 'Gridcall2026' };
const GRID_WORKER_PHONE = '13800000004';
const ADMIN_PHONE = '13800000001';
const COMMUNITY = '湖滨社区';
const STREET = '东湖街道';

const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const localMidnight = (date: string) => `${date}T00:00:00+08:00`;

export interface MonthRange {
  /** First day of the month, Asia/Shanghai. */
  month: string;
  /** The six-week grid a month view shows (Monday first), as calendar.range input. */
  from: string;
  to: string;
}

/** The month after next (so the scheduler leaves the seeded callouts alone) and its six-week grid. */
export function benchMonth(now = Date.now()): MonthRange {
  const today = new Date(now + SHANGHAI_MS);
  const first = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 2, 1);
  const mondayBefore = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY_MS;
  return {
    month: new Date(first).toISOString().slice(0, 10),
    from: localMidnight(new Date(mondayBefore).toISOString().slice(0, 10)),
    to: localMidnight(new Date(mondayBefore + 42 * DAY_MS).toISOString().slice(0, 10))
  };
}

/**
 * Published callouts round-robin over the grids of 湖滨社区 and public events of 东湖街道, all inside the
 * first 25 days of the month (a callout every 4 minutes, an event every 36), then ANALYZE as autovacuum would.
 */
function seedSql(month: string): string {
  const start = `timestamptz '${localMidnight(month)}'`;
  return `
insert into callout (grid_id, created_by, title, description, category, place, starts_at, ends_at, slots,
                     signup_deadline, cancel_deadline, status, published_at)
select grids.ids[1 + s % array_length(grids.ids, 1)], author.id, '压测巡逻 ' || (s + 1), 'bench/calendar.ts',
       (array['policy', 'patrol', 'elderly', 'mediation', 'emergency', 'civility', 'event_support', 'other'])[1 + s % 8],
       '${COMMUNITY}活动中心', t.at, t.at + interval '2 hours', 10, t.at, t.at, 'open', now()
from generate_series(0, ${CAL_CALLOUTS - 1}) s
cross join (select array_agg(g.id order by g.path) as ids
            from org_unit g join org_unit c on c.id = g.parent_id
            where g.level = 'grid' and c.level = 'community' and c.name = '${COMMUNITY}') grids
cross join (select id from app_user where phone = '${GRID_WORKER_PHONE}') author
cross join lateral (select ${start} + s * interval '4 minutes' as at) t;

insert into event (org_unit_id, title, description, place, starts_at, ends_at, is_public, created_by)
select street.id, '压测活动 ' || (s + 1), 'bench/calendar.ts', '${STREET}市民广场', t.at, t.at + interval '3 hours', true, author.id
from generate_series(0, ${CAL_EVENTS - 1}) s
cross join (select id from org_unit where level = 'street' and name = '${STREET}') street
cross join (select id from app_user where phone = '${ADMIN_PHONE}') author
cross join lateral (select ${start} + s * interval '36 minutes' as at) t;

analyze callout;
analyze event;`;
}

const COUNT_SQL = `select (select count(*) from callout where description = 'bench/calendar.ts')::int as callouts,
                          (select count(*) from event where description = 'bench/calendar.ts')::int as events`;

function checkSeeded(row: { callouts: number; events: number } | undefined): void {
  if (row?.callouts !== CAL_CALLOUTS || row.events !== CAL_EVENTS) {
    throw new Error(`seeding made ${row?.callouts ?? 0} callouts and ${row?.events ?? 0} events, not ${CAL_CALLOUTS} and ${CAL_EVENTS}: was the demo seeded?`);
  }
}

async function seedPostgres(url: string, month: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(seedSql(month));
    checkSeeded((await client.query<{ callouts: number; events: number }>(COUNT_SQL)).rows[0]);
  } finally {
    await client.end();
  }
}

/** Only while no server holds the directory: PGlite is one process's database. */
async function seedPglite(dataDir: string, month: string): Promise<void> {
  const db = await PGlite.create({ dataDir });
  try {
    await db.exec(seedSql(month));
    checkSeeded((await db.query<{ callouts: number; events: number }>(COUNT_SQL)).rows[0]);
  } finally {
    await db.close();
  }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(VOLUNTEER),
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

/** Time until the whole body has arrived; parsing it is the client's cost and left out. */
async function rangeOnce(url: string, cookie: string, range: MonthRange): Promise<Fetched> {
  const input = encodeURIComponent(JSON.stringify({ from: range.from, to: range.to }));
  const start = performance.now();
  const res = await fetch(`${url}/api/trpc/calendar.range?input=${input}`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  return { ms: performance.now() - start, text, status: res.status };
}

/** The answer must hold every seeded item: a fast wrong answer is no figure. */
function check(f: Fetched): void {
  let items: { kind?: string }[] | undefined;
  try {
    items = (JSON.parse(f.text) as { result?: { data?: { kind?: string }[] } }).result?.data;
  } catch {
    // reported below
  }
  if (f.status !== 200 || !Array.isArray(items)) throw new Error(`calendar.range answered ${f.status}: ${f.text.slice(0, 200)}`);
  const callouts = items.filter((i) => i.kind === 'callout').length;
  const events = items.filter((i) => i.kind === 'event').length;
  if (items.length < CAL_CALLOUTS + CAL_EVENTS || callouts < CAL_CALLOUTS || events < CAL_EVENTS) {
    throw new Error(`calendar.range answered ${items.length} items (${callouts} callouts, ${events} events), expected ≥ ${CAL_CALLOUTS} callouts and ≥ ${CAL_EVENTS} events`);
  }
}

export interface CalendarResult {
  p50: number;
  p95: number;
  requests: number;
  items: number;
  /** Size of one answer in bytes. */
  bytes: number;
}

async function measure(url: string, range: MonthRange): Promise<CalendarResult> {
  const cookie = await login(url);
  let last: Fetched | undefined;
  for (let i = 0; i < CAL_WARMUP; i++) {
    last = await rangeOnce(url, cookie, range);
    check(last);
  }
  const samples: number[] = [];
  const deadline = performance.now() + CAL_BUDGET_S * 1000;
  for (let i = 0; i < CAL_REQUESTS && (i < CAL_MIN_REQUESTS || performance.now() < deadline); i++) {
    const f = await rangeOnce(url, cookie, range);
    samples.push(f.ms);
    check(f); // outside the timing
    last = f;
  }
  const items = (JSON.parse(last!.text) as { result: { data: unknown[] } }).result.data.length;
  return { p50: oneDecimal(percentile(samples, 50)), p95: oneDecimal(percentile(samples, 95)), requests: samples.length, items, bytes: Buffer.byteLength(last!.text) };
}

function withServerLog(err: unknown, server: RunningServer): Error {
  const cause = (err as Error).cause as Error | undefined;
  const log = server.output().trim().split('\n').slice(-5).join('\n');
  return new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
}

/**
 * The built server answering calendar.range for the demo volunteer of 湖滨社区 over one month's grid
 * holding CAL_CALLOUTS + CAL_EVENTS items in their view; fresh PGlite dir or fresh PostgreSQL database.
 */
export async function calendarMonth(kind: 'pglite' | 'postgres'): Promise<CalendarResult & { range: MonthRange }> {
  const range = benchMonth();
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let server: RunningServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await server?.stop();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    if (kind === 'postgres') {
      const db = await createBenchDatabase();
      dropDb = db.drop;
      server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: '1' }, { dataDir });
      await seedPostgres(db.url, range.month);
    } else {
      // The first start migrates and seeds the demo city; the directory is seeded while no server holds it.
      server = await startServer({ SEED_DEMO: '1' }, { dataDir });
      await server.stop();
      server = undefined;
      await seedPglite(dataDir, range.month);
      server = await startServer({ SEED_DEMO: '1' }, { dataDir });
    }
    try {
      return { ...(await measure(server.url, range)), range };
    } catch (err) {
      throw withServerLog(err, server);
    }
  } finally {
    await cleanup();
  }
}
