import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal, percentile } from './stats';

/** Grid workers seeded under one street, on top of the demo's own. */
export const PAY_WORKERS = 3_200;
/** Runs timed, each a first compute of its own month; one more month goes first as a warm-up. */
export const PAY_RUNS = 3;
const TIMEOUT_MS = 180_000;

// Demo data from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias.
const HR = { identifier: '13800000002', password: 'Gridcall2026' };
const STREET = '东湖街道';
/** Months far from the demo's own data; each gets its ratings, overtime and deductions. */
const MONTHS = Array.from({ length: PAY_RUNS + 1 }, (_, i) => `2030-${String(i + 1).padStart(2, '0')}`);

/**
 * PAY_WORKERS grid workers round-robin over the grids of 东湖街道 (accounts, memberships, employment
 * records; every 10th with a verified 中级社会工作师 certificate), the street's salary structure, and
 * for each month: a rating for every worker of the street (the demo's too), 90 minutes of overtime
 * for every 4th, two deductions each. Then ANALYZE, as autovacuum would.
 */
function seedSql(): string {
  const months = `(values ${MONTHS.map((m) => `(date '${m}-01')`).join(', ')}) as m(month)`;
  return `
create temporary table bench_pay_worker as
select s, grids.ids[1 + s % array_length(grids.ids, 1)] as grid_id
from generate_series(0, ${PAY_WORKERS - 1}) s
cross join (select array_agg(g.id order by g.path) as ids
            from org_unit g join org_unit st on g.path like st.path || '%'
            where g.level = 'grid' and st.level = 'street' and st.name = '${STREET}') grids;

insert into app_user (name, phone, email, password_hash, home_community_id, education)
select '压测网格员' || (b.s + 1), '157' || lpad(b.s::text, 8, '0'), null, hr.password_hash, g.parent_id, 'college'
from bench_pay_worker b join org_unit g on g.id = b.grid_id
cross join (select password_hash from app_user where phone = '${HR.identifier}') hr;

insert into membership (user_id, role, org_unit_id)
select u.id, 'grid_worker', b.grid_id
from bench_pay_worker b join app_user u on u.phone = '157' || lpad(b.s::text, 8, '0');

insert into worker (user_id, grid_id, position, hire_date, bank_last4)
select u.id, b.grid_id, '专职网格员', date '2020-01-01' + (b.s % 365), lpad((b.s % 10000)::text, 4, '0')
from bench_pay_worker b join app_user u on u.phone = '157' || lpad(b.s::text, 8, '0');

insert into worker_certificate (worker_id, type_code, number, issued_on, verified_at, verified_by)
select u.id, 'social_worker_mid', 'BENCH' || b.s, date '2024-05-01', now(), hr.id
from bench_pay_worker b join app_user u on u.phone = '157' || lpad(b.s::text, 8, '0')
cross join (select id from app_user where phone = '${HR.identifier}') hr
where b.s % 10 = 0;

with s as (
  insert into salary_structure (org_unit_id, effective_from, base_pay_fen, performance_base_fen,
                                coefficient_a, coefficient_b, coefficient_c, coefficient_d, communication_fen, overtime_hour_fen, created_by)
  select st.id, date '${MONTHS[0]}-01', 350000, 150000, 1200, 1000, 800, 500, 10000, 3333, hr.id
  from org_unit st cross join (select id from app_user where phone = '${HR.identifier}') hr
  where st.level = 'street' and st.name = '${STREET}'
  returning id
)
insert into salary_structure_certificate (structure_id, type_code, monthly_fen) select id, 'social_worker_mid', 30000 from s;

create temporary table bench_pay_street_worker as
select w.user_id, row_number() over (order by w.user_id) as n
from worker w join org_unit g on g.id = w.grid_id join org_unit st on g.path like st.path || '%'
where st.level = 'street' and st.name = '${STREET}';

insert into performance_rating (worker_id, month, rating, entered_by)
select w.user_id, m.month, (array['A', 'B', 'B', 'C', 'D'])[1 + w.n % 5], hr.id
from bench_pay_street_worker w cross join ${months}
cross join (select id from app_user where phone = '${HR.identifier}') hr;

insert into overtime_approval (worker_id, month, minutes, note, approved_by)
select w.user_id, m.month, 90, '压测加班', hr.id
from bench_pay_street_worker w cross join ${months}
cross join (select id from app_user where phone = '${HR.identifier}') hr
where w.n % 4 = 0;

insert into deduction (worker_id, month, kind, amount_fen, entered_by)
select w.user_id, m.month, k.kind, k.amount, hr.id
from bench_pay_street_worker w cross join ${months}
cross join (values ('social_insurance', 41234), ('housing_fund', 35000)) as k(kind, amount)
cross join (select id from app_user where phone = '${HR.identifier}') hr;

analyze;`;
}

const FACTS_SQL = `select (select id from org_unit where level = 'street' and name = '${STREET}')::text as "streetId",
  (select count(*) from worker w join org_unit g on g.id = w.grid_id join org_unit st on g.path like st.path || '%'
   where st.level = 'street' and st.name = '${STREET}')::int as workers,
  (select count(*) from worker where position = '专职网格员' and bank_last4 is not null and user_id in
     (select id from app_user where phone like '157%'))::int as seeded`;

interface Facts {
  streetId: string;
  /** Workers of the street: the seeded ones and the demo's own. */
  workers: number;
  seeded: number;
}

function checkSeeded(facts: Facts | undefined): Facts {
  if (!facts?.streetId || facts.seeded !== PAY_WORKERS) {
    throw new Error(`seeding made ${facts?.seeded ?? 0} workers, not ${PAY_WORKERS}: was the demo seeded?`);
  }
  return facts;
}

async function seedPostgres(url: string): Promise<Facts> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(seedSql());
    await client.query('commit');
    return checkSeeded((await client.query<Facts>(FACTS_SQL)).rows[0]);
  } finally {
    await client.end();
  }
}

/** Only while no server holds the directory: PGlite is one process's database. */
async function seedPglite(dataDir: string): Promise<Facts> {
  const db = await PGlite.create({ dataDir });
  try {
    await db.transaction(async (tx) => void (await tx.exec(seedSql())));
    return checkSeeded((await db.query<Facts>(FACTS_SQL)).rows[0]);
  } finally {
    await db.close();
  }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(HR),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  if (!res.ok) throw new Error(`auth.login answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  if (!session) throw new Error('auth.login set no gc_session cookie');
  return session.split(';')[0]!;
}

/** POST one tRPC mutation (plain JSON, not batched); its data, or an error naming the answer. */
async function mutate<T>(url: string, cookie: string, path: string, input: unknown): Promise<T> {
  const res = await fetch(`${url}/api/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  const text = await res.text();
  let data: T | undefined;
  try {
    data = (JSON.parse(text) as { result?: { data?: T } }).result?.data;
  } catch {
    // reported below
  }
  if (!res.ok || data === undefined) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return data;
}

export interface PayrollResult {
  /** Median of the timed computes, ms. */
  ms: number;
  samples: number[];
  payslips: number;
  lines: number;
}

/** Creates each month's run (untimed), then times pay.run.compute to the end of its answer; the answer must cover every worker. */
async function measure(url: string, facts: Facts): Promise<PayrollResult> {
  const cookie = await login(url);
  const samples: number[] = [];
  let last = { payslips: 0, lines: 0 };
  for (const [i, month] of MONTHS.entries()) {
    const { runId } = await mutate<{ runId: string }>(url, cookie, 'pay.run.create', { unitId: facts.streetId, month });
    const start = performance.now();
    const answer = await mutate<{ payslips: number; lines: number }>(url, cookie, 'pay.run.compute', { runId });
    const ms = performance.now() - start;
    if (answer.payslips !== facts.workers || answer.lines < facts.workers * 5) {
      throw new Error(`pay.run.compute wrote ${answer.payslips} payslips and ${answer.lines} lines for ${month}, expected ${facts.workers} payslips and ≥ ${facts.workers * 5} lines`);
    }
    if (i > 0) samples.push(ms);
    last = { payslips: answer.payslips, lines: answer.lines };
  }
  return { ms: oneDecimal(percentile(samples, 50)), samples: samples.map(oneDecimal), ...last };
}

function withServerLog(err: unknown, server: RunningServer): Error {
  const cause = (err as Error).cause as Error | undefined;
  const log = server.output().trim().split('\n').slice(-5).join('\n');
  return new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
}

/**
 * The built server computing and writing a payroll run of 东湖街道 for PAY_WORKERS + the demo's
 * grid workers, as the demo HR user of 城东区; fresh PGlite dir or fresh PostgreSQL database.
 */
export async function payrollCompute(kind: 'pglite' | 'postgres'): Promise<PayrollResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let server: RunningServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await server?.stop();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    let facts: Facts;
    if (kind === 'postgres') {
      const db = await createBenchDatabase();
      dropDb = db.drop;
      server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: '1' }, { dataDir });
      facts = await seedPostgres(db.url);
    } else {
      // The first start migrates and seeds the demo city; the directory is seeded while no server holds it.
      server = await startServer({ SEED_DEMO: '1' }, { dataDir });
      await server.stop();
      server = undefined;
      facts = await seedPglite(dataDir);
      server = await startServer({ SEED_DEMO: '1' }, { dataDir });
    }
    try {
      return await measure(server.url, facts);
    } catch (err) {
      throw withServerLog(err, server);
    }
  } finally {
    await cleanup();
  }
}
