import { DEMO, UNITS, portal, type Answer } from './portal';
import { withSeededServer, type Kind, type Sql } from './seeded';
import { timeSequential } from './stats';

/** Grid workers seeded over the grids of 城东区, each with CAREER_YEARS years of appraisals. */
export const CAREER_WORKERS = 3_200;
export const CAREER_YEARS = 10;
/** Former workers seeded in 城西区, who left last year: the city's figures count them as leavers. */
export const CAREER_LEAVERS = 300;
/** Timed calls of each measurement, after one warm-up call; the row is their median. */
export const CAREER_CALLS = 7;
const TIMEOUT_MS = 180_000;

const { district: DISTRICT, westDistrict: WEST } = UNITS;

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
  const hr = `(select id, password_hash from app_user where phone = '${DEMO.hr}') hr`;
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
cross join (select id from app_user where phone = '${DEMO.secondHr}') hr2
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

/** The seed in one transaction, then the facts the answers are checked against. */
async function seed(db: Sql): Promise<Facts> {
  await db.exec(`begin; ${seedSql()} commit;`);
  const [facts] = await db.rows<Facts>(FACTS_SQL);
  if (!facts?.districtId || facts.seeded !== CAREER_WORKERS || facts.appraisals !== CAREER_WORKERS * CAREER_YEARS) {
    throw new Error(`seeding made ${facts?.seeded ?? 0} workers and ${facts?.appraisals ?? 0} appraisals, not ${CAREER_WORKERS} and ${CAREER_WORKERS * CAREER_YEARS}: was the demo seeded?`);
  }
  return facts;
}

/** One warm-up call, then CAREER_CALLS timed ones: their median, each to the last byte. */
async function timed<T>(call: () => Promise<Answer<T>>) {
  const t = await timeSequential(1, CAREER_CALLS, call);
  return { ms: t.p50, samples: t.samples, bytes: t.last.bytes };
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

/**
 * The built server answering career.eligibility.forUnit for 城东区 (CAREER_WORKERS seeded workers with
 * CAREER_YEARS years of appraisals, plus the demo's) as the demo HR user, and career.figures for the
 * whole city as the demo admin; fresh PGlite dir or fresh PostgreSQL database. Every answer is checked.
 */
export async function careerBench(kind: Kind): Promise<CareerResult> {
  return withSeededServer(kind, { seed }, async (server, facts) => {
    const anonymous = portal(server.url, TIMEOUT_MS);
    const hr = await anonymous.login(DEMO.hr);
    let workers = 0;
    let eligible = 0;
    const eligibility = await timed(async () => {
      const answer = await hr.query<{ userId: string; verdicts: Verdict[] }[]>('career.eligibility.forUnit', { unitId: facts.districtId });
      const rows = answer.data;
      workers = rows.length;
      eligible = rows.filter((r) => r.verdicts.some((v) => v.eligible)).length;
      if (rows.length !== facts.districtWorkers || !rows.every((r) => r.verdicts.length >= 2) || eligible < CAREER_WORKERS / 3) {
        throw new Error(`career.eligibility.forUnit answered ${rows.length} workers (${eligible} eligible), expected ${facts.districtWorkers} with ≥ 2 verdicts each and ≥ ${Math.ceil(CAREER_WORKERS / 3)} eligible`);
      }
      return answer;
    });

    const admin = await anonymous.login(DEMO.admin);
    let shape = { headcount: 0, leavers: 0, children: 0 };
    const figures = await timed(async () => {
      const answer = await admin.query<{ unit: UnitFigures; children: UnitFigures[] }>('career.figures', { unitId: facts.cityId, year: LAST_YEAR });
      const f = answer.data;
      shape = { headcount: f.unit.headcount, leavers: f.unit.leavers, children: f.children.length };
      const appraised = Object.values(f.unit.appraisals).reduce((a, b) => a + b, 0);
      if (f.unit.headcount < facts.districtWorkers || f.unit.leavers !== CAREER_LEAVERS || appraised < CAREER_WORKERS) {
        throw new Error(`career.figures answered headcount ${f.unit.headcount}, leavers ${f.unit.leavers}, ${appraised} appraised; expected ≥ ${facts.districtWorkers}, ${CAREER_LEAVERS}, ≥ ${CAREER_WORKERS}`);
      }
      return answer;
    });
    return { eligibility: { ...eligibility, workers, eligible }, figures: { ...figures, ...shape } };
  });
}
