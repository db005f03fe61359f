import { DEMO, UNITS, portal } from './portal';
import { withSeededServer, type Kind, type Sql } from './seeded';
import { timeSequential } from './stats';

/** Grid workers seeded under one street, on top of the demo's own. */
export const PAY_WORKERS = 3_200;
/** Runs timed, each a first compute of its own month; one more month goes first as a warm-up. */
export const PAY_RUNS = 3;
const TIMEOUT_MS = 180_000;

const STREET = UNITS.street;
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
cross join (select password_hash from app_user where phone = '${DEMO.hr}') hr;

insert into membership (user_id, role, org_unit_id)
select u.id, 'grid_worker', b.grid_id
from bench_pay_worker b join app_user u on u.phone = '157' || lpad(b.s::text, 8, '0');

insert into worker (user_id, grid_id, position, hire_date, bank_last4)
select u.id, b.grid_id, '专职网格员', date '2020-01-01' + (b.s % 365), lpad((b.s % 10000)::text, 4, '0')
from bench_pay_worker b join app_user u on u.phone = '157' || lpad(b.s::text, 8, '0');

insert into worker_certificate (worker_id, type_code, number, issued_on, verified_at, verified_by)
select u.id, 'social_worker_mid', 'BENCH' || b.s, date '2024-05-01', now(), hr.id
from bench_pay_worker b join app_user u on u.phone = '157' || lpad(b.s::text, 8, '0')
cross join (select id from app_user where phone = '${DEMO.hr}') hr
where b.s % 10 = 0;

with s as (
  insert into salary_structure (org_unit_id, effective_from, base_pay_fen, performance_base_fen,
                                coefficient_a, coefficient_b, coefficient_c, coefficient_d, communication_fen, overtime_hour_fen, created_by)
  select st.id, date '${MONTHS[0]}-01', 350000, 150000, 1200, 1000, 800, 500, 10000, 3333, hr.id
  from org_unit st cross join (select id from app_user where phone = '${DEMO.hr}') hr
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
cross join (select id from app_user where phone = '${DEMO.hr}') hr;

insert into overtime_approval (worker_id, month, minutes, note, approved_by)
select w.user_id, m.month, 90, '压测加班', hr.id
from bench_pay_street_worker w cross join ${months}
cross join (select id from app_user where phone = '${DEMO.hr}') hr
where w.n % 4 = 0;

insert into deduction (worker_id, month, kind, amount_fen, entered_by)
select w.user_id, m.month, k.kind, k.amount, hr.id
from bench_pay_street_worker w cross join ${months}
cross join (values ('social_insurance', 41234), ('housing_fund', 35000)) as k(kind, amount)
cross join (select id from app_user where phone = '${DEMO.hr}') hr;

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

/** The seed in one transaction, then the facts the answers are checked against. */
async function seed(db: Sql): Promise<Facts> {
  await db.exec(`begin; ${seedSql()} commit;`);
  const [facts] = await db.rows<Facts>(FACTS_SQL);
  if (!facts?.streetId || facts.seeded !== PAY_WORKERS) {
    throw new Error(`seeding made ${facts?.seeded ?? 0} workers, not ${PAY_WORKERS}: was the demo seeded?`);
  }
  return facts;
}

export interface PayrollResult {
  /** Median of the timed computes, ms. */
  ms: number;
  samples: number[];
  payslips: number;
  lines: number;
}

/**
 * The built server computing and writing a payroll run of 东湖街道 for PAY_WORKERS + the demo's grid
 * workers, as the demo HR user of 城东区; fresh PGlite dir or fresh PostgreSQL database. Each month's
 * run is created untimed, then pay.run.compute is timed to the end of its answer, which must cover every worker.
 */
export async function payrollCompute(kind: Kind): Promise<PayrollResult> {
  return withSeededServer(kind, { seed }, async (server, facts) => {
    const hr = await portal(server.url, TIMEOUT_MS).login(DEMO.hr);
    const months = MONTHS.values();
    const computeMonth = async () => {
      const month = months.next().value!;
      const { data: run } = await hr.mutate<{ runId: string }>('pay.run.create', { unitId: facts.streetId, month });
      const answer = await hr.mutate<{ payslips: number; lines: number }>('pay.run.compute', { runId: run.runId });
      if (answer.data.payslips !== facts.workers || answer.data.lines < facts.workers * 5) {
        throw new Error(`pay.run.compute wrote ${answer.data.payslips} payslips and ${answer.data.lines} lines for ${month}, expected ${facts.workers} payslips and ≥ ${facts.workers * 5} lines`);
      }
      return answer;
    };
    const t = await timeSequential(1, PAY_RUNS, computeMonth);
    return { ms: t.p50, samples: t.samples, payslips: t.last.data.payslips, lines: t.last.data.lines };
  });
}
