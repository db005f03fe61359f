import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal, percentile } from './stats';

/** Grid workers seeded over the grids of 城东区, each with CAREER_YEARS years of appraisals. */
export const CAREER_WORKERS = 3_200;
export const CAREER_YEARS = 10;
/** Former workers seeded in 城西区, who left last year: the city's figures count them as leavers. */
export const CAREER_LEAVERS = 300;
/** Timed calls of each measurement, after one warm-up call; the row is their median. */
export const CAREER_CALLS = 7;
const TIMEOUT_MS = 180_000;

// Demo data from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias.
const HR = { identifier: '13800000002', password: 'Gridcall2026' };
const SECOND_HR = '13800000006';
const ADMIN = { identifier: '13800000001', password: 'Gridcall2026' };
const DISTRICT = '城东区';
const WEST = '城西区';

/** The last full year in Asia/Shanghai: appraisals run up to it, the figures are for it. */
const LAST_YEAR = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)) - 1;

/**
 * CAREER_WORKERS grid workers round-robin over the grids of 城东区 (accounts, memberships, employment
 * records, education 中专/大专/本科 in turn), CAREER_YEARS appraisals each (a third 优秀 every year, the
 * rest mixed), a verified certificate for every 4th, an approved promotion for every 64th; and
 * CAREER_LEAVERS workers of 城西区 who left during LAST_YEAR. Then ANALYZE, as autovacuum would.
 */
function seedSql(): string {
  const grids = (district: string) => `(select array_agg(g.id order by g.path) as ids
            from org_unit g join org_unit d on g.path like d.path || '%'
            where g.level = 'grid' and d.level = 'district' and d.name = '${district}') grids`;
  const hr = `(select id, password_hash from app_user where phone = '${HR.identifier}') hr`;
  return `
create temporary table bench_career_worker as
select s, grids.ids[1 + s % array_length(grids.ids, 1)] as grid_id, '158' || lpad(s::text, 8, '0') as phone, false as leaver
from generate_series(0, ${CAREER_WORKERS - 1}) s cross join ${grids(DISTRICT)}
union all
select s, grids.ids[1 + s % array_length(grids.ids, 1)], '158' || lpad(s::text, 8, '0'), true
from generate_series(${CAREER_WORKERS}, ${CAREER_WORKERS + CAREER_LEAVERS - 1}) s cross join ${grids(WEST)};

insert into app_user (name, phone, email, password_hash, home_community_id, education)
select '压测网格员' || (b.s + 1), b.phone, null, hr.password_hash, g.parent_id, (array['vocational', 'college', 'bachelor'])[1 + b.s % 3]
from bench_career_worker b join org_unit g on g.id = b.grid_id cross join ${hr};

insert into membership (user_id, role, org_unit_id)
select u.id, 'grid_worker', b.grid_id from bench_career_worker b join app_user u on u.phone = b.phone;

insert into worker (user_id, grid_id, position, hire_date, leave_date, leave_reason)
select u.id, b.grid_id, '专职网格员', date '2012-01-01' + (b.s % 1500),
       case when b.leaver then date '${LAST_YEAR}-01-15' + (b.s % 330) end,
       case when b.leaver then '个人原因' end
from bench_career_worker b join app_user u on u.phone = b.phone;

insert into appraisal (worker_id, year, result, comment, entered_by)
select u.id, y,
       case when b.s % 3 = 0 then 'excellent'
            when (b.s + y) % 7 = 0 then 'basic'
            else (array['excellent', 'qualified', 'qualified'])[1 + (b.s * 7 + y) % 3] end,
       '', hr.id
from bench_career_worker b join app_user u on u.phone = b.phone
cross join generate_series(${LAST_YEAR - CAREER_YEARS + 1}, ${LAST_YEAR}) y
cross join ${hr}
where not b.leaver;

insert into worker_certificate (worker_id, type_code, number, issued_on, verified_at, verified_by)
select u.id, 'social_worker_mid', 'BENCH' || b.s, date '2020-05-01', now(), hr.id
from bench_career_worker b join app_user u on u.phone = b.phone cross join ${hr}
where b.s % 4 = 0;

insert into promotion (worker_id, target_position, status, reason, nominated_by, reviewed_by, reviewed_at, decided_by, decided_at, effective_on)
select u.id, '社区副站长', 'approved', '连续三年优秀', hr.id, hr2.id, now(), hr2.id, now(), date '${LAST_YEAR}-07-01'
from bench_career_worker b join app_user u on u.phone = b.phone cross join ${hr}
cross join (select id from app_user where phone = '${SECOND_HR}') hr2
where b.s % 64 = 0 and not b.leaver;

analyze;`;
}

const FACTS_SQL = `select (select id from org_unit where level = 'district' and name = '${DISTRICT}')::text as "districtId",
  (select id from org_unit where level = 'city')::text as "cityId",
  (select count(*) from worker w join app_user u on u.id = w.user_id where u.phone like '158%' and w.leave_date is null)::int as seeded,
  (select count(*) from appraisal a join app_user u on u.id = a.worker_id where u.phone like '158%')::int as appraisals,
  (select count(*) from worker w join org_unit g on g.id = w.grid_id join org_unit d on g.path like d.path || '%'
   where d.level = 'district' and d.name = '${DISTRICT}')::int as "districtWorkers"`;

interface Facts {
  districtId: string;
  cityId: string;
  seeded: number;
  appraisals: number;
  /** Workers under 城东区: the seeded ones and the demo's own. */
  districtWorkers: number;
}

function checkSeeded(facts: Facts | undefined): Facts {
  if (!facts?.districtId || facts.seeded !== CAREER_WORKERS || facts.appraisals !== CAREER_WORKERS * CAREER_YEARS) {
    throw new Error(`seeding made ${facts?.seeded ?? 0} workers and ${facts?.appraisals ?? 0} appraisals, not ${CAREER_WORKERS} and ${CAREER_WORKERS * CAREER_YEARS}: was the demo seeded?`);
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

async function login(url: string, who: { identifier: string; password: string }): Promise<string> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  if (!res.ok) throw new Error(`auth.login answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  if (!session) throw new Error('auth.login set no gc_session cookie');
  return session.split(';')[0]!;
}

/** GET one tRPC query (plain JSON, not batched) to the last byte: its data and the time taken. */
async function query<T>(url: string, cookie: string, path: string, input: unknown): Promise<{ data: T; ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(`${url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  const ms = performance.now() - start;
  let data: T | undefined;
  try {
    data = (JSON.parse(text) as { result?: { data?: T } }).result?.data;
  } catch {
    // reported below
  }
  if (!res.ok || data === undefined) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return { data, ms, bytes: text.length };
}

/** One warm-up call, then CAREER_CALLS timed ones; every answer is checked. */
async function timed<T>(call: () => Promise<{ data: T; ms: number; bytes: number }>, check: (data: T) => void) {
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i <= CAREER_CALLS; i++) {
    const r = await call();
    check(r.data);
    bytes = r.bytes;
    if (i > 0) samples.push(r.ms);
  }
  return { ms: oneDecimal(percentile(samples, 50)), samples: samples.map(oneDecimal), bytes };
}

interface Verdict {
  eligible: boolean;
}
interface UnitFigures {
  headcount: number;
  leavers: number;
  appraisals: Record<string, number>;
}

export interface CareerResult {
  eligibility: { ms: number; samples: number[]; bytes: number; workers: number; eligible: number };
  figures: { ms: number; samples: number[]; bytes: number; headcount: number; leavers: number; children: number };
}

async function measure(url: string, facts: Facts): Promise<CareerResult> {
  const hrCookie = await login(url, HR);
  let workers = 0;
  let eligible = 0;
  const eligibility = await timed(
    () => query<{ userId: string; verdicts: Verdict[] }[]>(url, hrCookie, 'career.eligibility.forUnit', { unitId: facts.districtId }),
    (rows) => {
      workers = rows.length;
      eligible = rows.filter((r) => r.verdicts.some((v) => v.eligible)).length;
      if (rows.length !== facts.districtWorkers || !rows.every((r) => r.verdicts.length >= 2) || eligible < CAREER_WORKERS / 3) {
        throw new Error(`career.eligibility.forUnit answered ${rows.length} workers (${eligible} eligible), expected ${facts.districtWorkers} with ≥ 2 verdicts each and ≥ ${Math.ceil(CAREER_WORKERS / 3)} eligible`);
      }
    }
  );

  const adminCookie = await login(url, ADMIN);
  let shape = { headcount: 0, leavers: 0, children: 0 };
  const figures = await timed(
    () => query<{ unit: UnitFigures; children: UnitFigures[] }>(url, adminCookie, 'career.figures', { unitId: facts.cityId, year: LAST_YEAR }),
    (f) => {
      shape = { headcount: f.unit.headcount, leavers: f.unit.leavers, children: f.children.length };
      const appraised = Object.values(f.unit.appraisals).reduce((a, b) => a + b, 0);
      if (f.unit.headcount < facts.districtWorkers || f.unit.leavers !== CAREER_LEAVERS || appraised < CAREER_WORKERS) {
        throw new Error(`career.figures answered headcount ${f.unit.headcount}, leavers ${f.unit.leavers}, ${appraised} appraised; expected ≥ ${facts.districtWorkers}, ${CAREER_LEAVERS}, ≥ ${CAREER_WORKERS}`);
      }
    }
  );
  return { eligibility: { ...eligibility, workers, eligible }, figures: { ...figures, ...shape } };
}

function withServerLog(err: unknown, server: RunningServer): Error {
  const cause = (err as Error).cause as Error | undefined;
  const log = server.output().trim().split('\n').slice(-5).join('\n');
  return new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
}

/**
 * The built server answering career.eligibility.forUnit for 城东区 (CAREER_WORKERS seeded workers with
 * CAREER_YEARS years of appraisals, plus the demo's) as the demo HR user, and career.figures for the
 * whole city as the demo admin; fresh PGlite dir or fresh PostgreSQL database.
 */
export async function careerBench(kind: 'pglite' | 'postgres'): Promise<CareerResult> {
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
