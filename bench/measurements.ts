// Every row of the bench table and of bench/results.json, declared once: its name and unit (a contract
// others read), whether it needs PostgreSQL, and how it is measured.
import { CAL_CALLOUTS, CAL_EVENTS, CAL_WARMUP, calendarMonth } from './calendar';
import { CAREER_CALLS, CAREER_LEAVERS, CAREER_WORKERS, CAREER_YEARS, careerBench } from './career';
import { SLOT_WARMUP, SLOT_WEEKS, counselingSlots } from './counseling';
import { REQUESTS, WARMUP, roundTrip } from './http';
import { LOAD_SECONDS, LOAD_USERS, volunteerLoad } from './load';
import { MAILS, outboxDelivery } from './outbox';
import { PAY_RUNS, PAY_WORKERS, payrollCompute } from './payroll';
import { PGBENCH, findPgbench, pgbenchUpdateTps } from './pgbench';
import { KINDS, describeKind as db, type Kind } from './seeded';
import { BUDGET_S, SIGNUP_MEASURES, signupThroughput } from './signup';
import { pageWeights } from './weight';
import { WB_WARMUP, WB_WEEKS, WB_WORKERS, wellbeingAggregates } from './wellbeing';
import { IMPORT_ROWS, workerImport } from './worker-import';

export interface RowSpec {
  name: string;
  unit: string;
  /** Decimals shown in the table; 1 unless set. */
  digits?: number;
}

/** One value per row, and what was measured and how: one note for every row, or one each. */
export interface Found {
  values: (number | null)[];
  note: string | string[];
}

export interface Measurement {
  rows: RowSpec[];
  /** Skipped, not failed, when PostgreSQL is unreachable. */
  postgres?: boolean;
  run: (ctx: { pgUp: boolean; value: (name: string) => number | null }) => Promise<Found>;
}

/** Thrown by `run` when the measurement cannot be taken on this machine: its rows say "skipped: …". */
export class Skip extends Error {}

const ms = (name: string): RowSpec => ({ name, unit: 'ms' });
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** One measurement on PGlite and one on PostgreSQL, in that order. */
const perKind = (declare: (kind: Kind) => Omit<Measurement, 'postgres'>): Measurement[] =>
  KINDS.map((kind) => ({ ...declare(kind), postgres: kind === 'postgres' }));

export const MEASUREMENTS: Measurement[] = [
  ...perKind((kind) => ({
    rows: [ms(`trpc_roundtrip_authed_${kind}_p50_ms`), ms(`trpc_roundtrip_authed_${kind}_p95_ms`)],
    run: async () => {
      const r = await roundTrip(kind);
      return { values: [r.p50, r.p95], note: `built server, ${db(kind)}, demo volunteer; ${REQUESTS} seq. GET auth.me after ${WARMUP} warm-up` };
    }
  })),
  {
    rows: [{ name: 'outbox_delivery_mails_per_s', unit: 'mails/s' }],
    run: async ({ pgUp }) => {
      const r = await outboxDelivery(pgUp);
      const where = r.kind === 'postgres' ? 'PostgreSQL (fresh db)' : 'PGlite in memory';
      return { values: [r.mailsPerS], note: `${MAILS} mails, deliverDue + smtpTransport(${r.transportUrl}) → local smtp-server; db: ${where}` };
    }
  },
  // Concurrent callout.signUp over HTTP against the pgbench single-row-update ceiling on the same machine.
  {
    rows: [{ name: 'signup.claims_per_s', unit: 'claims/s' }, ms('signup.p50_ms'), ms('signup.p95_ms')],
    postgres: true,
    run: async () => {
      const r = await signupThroughput();
      const budget = r.unattempted ? ` (${BUDGET_S} s budget: ${r.unattempted} not attempted)` : '';
      return {
        values: [r.claimsPerS, r.p50, r.p95],
        note: `built server, PostgreSQL (fresh db, server pool); ${SIGNUP_MEASURES}; ${r.claims} claims (${r.confirmed} confirmed) in ${r.seconds.toFixed(2)} s${budget}`
      };
    }
  },
  {
    rows: [{ name: 'pgbench.update_tps', unit: 'tps' }],
    postgres: true,
    run: async () => {
      const bin = findPgbench();
      if (!bin) throw new Skip('pgbench not found (apt-get install postgresql-client)');
      const { scale, clients, threads, seconds } = PGBENCH;
      return {
        values: [await pgbenchUpdateTps(bin)],
        note: `pgbench -s ${scale} scratch db, 1 random pgbench_accounts UPDATE by pk, -c ${clients} -j ${threads} -T ${seconds} -n, excl. connection time`
      };
    }
  },
  {
    rows: [{ name: 'signup.ratio_to_pgbench', unit: 'ratio', digits: 3 }],
    run: async ({ value }) => {
      const claims = value('signup.claims_per_s');
      const tps = value('pgbench.update_tps');
      if (claims === null) throw new Skip('needs signup.claims_per_s');
      if (!tps) throw new Skip('needs pgbench.update_tps');
      return { values: [Math.round((claims / tps) * 1000) / 1000], note: 'signup.claims_per_s ÷ pgbench.update_tps' };
    }
  },
  // calendar.range over one month's six-week grid with 10,000 items in view of one signed-in volunteer.
  ...perKind((kind) => ({
    rows: [ms(`calendar_month_10k_${kind}_p50_ms`), ms(`calendar_month_10k_${kind}_p95_ms`)],
    run: async () => {
      const r = await calendarMonth(kind);
      const { from, to, month } = r.range;
      return {
        values: [r.p50, r.p95],
        note:
          `built server, ${db(kind)}, demo volunteer of 湖滨社区; GET calendar.range ${from.slice(0, 10)}–${to.slice(0, 10)} (6-week grid of ${month.slice(0, 7)}): ` +
          `${CAL_CALLOUTS} open callouts on its grids + ${CAL_EVENTS} events of 东湖街道 → ${r.items} items, ${mb(r.bytes)} MB JSON; ` +
          `${r.requests} seq. requests after ${CAL_WARMUP} warm-up, to last byte`
      };
    }
  })),
  // worker.import of a generated 3,200-row .xlsx by the demo HR user: preview, then commit in one transaction.
  ...perKind((kind) => ({
    rows: [ms(`worker_import_3200_${kind}_ms`)],
    run: async () => {
      const r = await workerImport(kind);
      return {
        values: [r.ms],
        note:
          `built server, ${db(kind)}, demo HR of 城东区; POST worker.import of a ${(r.fileBytes / 1024).toFixed(0)} KB .xlsx, ` +
          `${IMPORT_ROWS} worker rows over 8 grids: preview ${r.previewMs.toFixed(0)} ms + commit ${r.commitMs.toFixed(0)} ms, each to last byte`
      };
    }
  })),
  // pay.run.compute for 3,200 grid workers of one street: gather the month's inputs, compute, write every payslip and line.
  ...perKind((kind) => ({
    rows: [ms(`payroll_compute_3200_${kind}_ms`)],
    run: async () => {
      const r = await payrollCompute(kind);
      return {
        values: [r.ms],
        note:
          `built server, ${db(kind)}, demo HR of 城东区; POST pay.run.compute of a new run of 东湖街道 ` +
          `(${PAY_WORKERS} seeded workers + the demo's → ${r.payslips} payslips, ${r.lines} lines), to last byte; median of ${PAY_RUNS} months after 1 warm-up month (${r.samples.join(', ')} ms)`
      };
    }
  })),
  // counseling.slots: free slots of 20 counselors in reach of one grid worker over the next 8 weeks.
  ...perKind((kind) => ({
    rows: [ms(`counseling_slots_20x8w_${kind}_ms`)],
    run: async () => {
      const r = await counselingSlots(kind);
      return {
        values: [r.p50],
        note:
          `built server, ${db(kind)}, demo grid worker of 湖滨社区; GET counseling.slots for ${SLOT_WEEKS} weeks: ` +
          `${r.counselors} counselors in reach (street, district, city; weekly hours, a day off, extra hours, ${r.bookings} bookings) → ${r.slots} free slots, ${(r.bytes / 1e3).toFixed(0)} kB JSON; ` +
          `p50 of ${r.requests} seq. requests after ${SLOT_WARMUP} warm-up, to last byte (p95 ${r.p95} ms)`
      };
    }
  })),
  // career.eligibility.forUnit over 3,200 workers with 10 years of appraisals, and career.figures for the whole city; one seeded database per kind.
  ...perKind((kind) => ({
    rows: [ms(`career_eligibility_3200_${kind}_ms`), ms(`career_figures_city_${kind}_ms`)],
    run: async () => {
      const { eligibility: e, figures: f } = await careerBench(kind);
      return {
        values: [e.ms, f.ms],
        note: [
          `built server, ${db(kind)}, demo HR of 城东区; GET career.eligibility.forUnit for 城东区: ${CAREER_WORKERS} seeded workers × ${CAREER_YEARS} years of appraisals + the demo's → ` +
            `${e.workers} workers with their rule verdicts, ${e.eligible} eligible, ${mb(e.bytes)} MB JSON; p50 of ${CAREER_CALLS} seq. calls after 1 warm-up, to last byte (${e.samples.join(', ')} ms)`,
          `built server, ${db(kind)}, demo admin of the city; GET career.figures for the city, last full year: headcount ${f.headcount}, ${f.leavers} leavers (${CAREER_LEAVERS} seeded in 城西区), ` +
            `${f.children} districts; p50 of ${CAREER_CALLS} seq. calls after 1 warm-up, to last byte (${f.samples.join(', ')} ms)`
        ]
      };
    }
  })),
  // wellbeing.aggregates for the whole city over 52 weeks of 3,200 workers' answers, with suppression.
  ...perKind((kind) => ({
    rows: [ms(`wellbeing_aggregates_3200x52_${kind}_ms`)],
    run: async () => {
      const r = await wellbeingAggregates(kind);
      return {
        values: [r.p50],
        note:
          `built server, ${db(kind)}, city admin; ${WB_WORKERS} workers × ${WB_WEEKS} weeks of mixed answers; ` +
          `GET wellbeing.aggregates for the city, ${WB_WEEKS} weeks, suppression over the whole tree (${r.published} district cells published, ${r.suppressed} hidden); p50 of ${r.requests} seq. requests after ${WB_WARMUP} warm-up, to last byte (p95 ${r.p95} ms)`
      };
    }
  })),
  // The volunteer's hot paths at 100 concurrent users for LOAD_SECONDS on PostgreSQL (autocannon).
  {
    rows: [
      { name: 'load_100u_error_rate', unit: 'share', digits: 4 },
      { name: 'load_100u_req_per_s', unit: 'req/s' },
      ms('load_100u_p50_ms'),
      ms('load_100u_p95_ms'),
      ms('load_100u_p99_ms'),
      { name: 'load_100u_cpu_ms_per_req', unit: 'ms', digits: 2 }
    ],
    postgres: true,
    run: async () => {
      const r = await volunteerLoad();
      const how =
        `built server, PostgreSQL (fresh db); ${LOAD_USERS} volunteers, one keep-alive connection and session each, ${LOAD_SECONDS} s of callout.list → signUp → checkIn; ` +
        `${r.requests} requests; statuses ${JSON.stringify(r.statuses)} (409/400 are expected refusals: already signed up, not check-in time)`;
      return {
        values: [r.errorRate, r.perSecond, r.p50, r.p95, r.p99, r.cpuMsPerRequest],
        note: [`5xx + timeouts + socket errors ÷ all; ${how}`, how, how, how, how, 'portal process user+system CPU ÷ requests (PostgreSQL not included)']
      };
    }
  },
  // First-load JavaScript of every page (gzip), from Chromium with an empty cache.
  {
    rows: [
      { name: 'js_first_load_max_kb', unit: 'kB gzip' },
      { name: 'js_first_load_median_kb', unit: 'kB gzip' }
    ],
    run: async () => {
      const r = await pageWeights();
      return {
        values: [r.largest.kb, r.median],
        note: [
          `largest: ${r.largest.path}; all: ${r.weights.map((w) => `${w.path} ${w.kb}`).join(', ')}`,
          `${r.weights.length} pages, built server (PGlite), signed in as the role that uses each page`
        ]
      };
    }
  }
];
