import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../tests/support/server';
import { ensureBuilt } from './build';
import { CAL_CALLOUTS, CAL_EVENTS, CAL_WARMUP, calendarMonth } from './calendar';
import { REQUESTS, WARMUP, roundTrip } from './http';
import { MAILS, outboxDelivery } from './outbox';
import { postgresReachable, createBenchDatabase, PG_URL } from './postgres';
import { IMPORT_ROWS, workerImport } from './worker-import';
import { PAY_RUNS, PAY_WORKERS, payrollCompute } from './payroll';
import { CAREER_CALLS, CAREER_LEAVERS, CAREER_WORKERS, CAREER_YEARS, careerBench } from './career';
import { SLOT_WARMUP, SLOT_WEEKS, counselingSlots } from './counseling';
import { LOAD_SECONDS, LOAD_USERS, volunteerLoad } from './load';
import { pageWeights } from './weight';
import { WB_WEEKS, WB_WORKERS, wellbeingAggregates } from './wellbeing';
import { BUDGET_S, PGBENCH, SIGNUP_MEASURES, findPgbench, pgbenchUpdateTps, signupThroughput } from './signup';

interface Row {
  name: string;
  value: number | null;
  unit: string;
  note: string;
  /** Decimals shown in the table; 1 unless set. */
  digits?: number;
}

const rows: Row[] = [];
const note = (err: unknown) => {
  const cause = (err as Error).cause as Error | undefined;
  return `FAILED: ${(err as Error).message.split('\n')[0]}${cause ? ` (${cause.message})` : ''}`;
};

const RESULTS = join(ROOT, 'bench/results.json');
// A failed run must not leave the previous run's numbers looking current.
await rm(RESULTS, { force: true });
ensureBuilt(ROOT);
const pgUp = await postgresReachable();
const redacted = PG_URL.replace(/\/\/[^@/]*@/, '//');

try {
  const r = await roundTrip();
  const how = `built server, embedded PGlite (fresh dir), ${REQUESTS} seq. GET auth.me after ${WARMUP} warm-up`;
  rows.push({ name: 'trpc_roundtrip_authed_pglite_p50_ms', value: r.p50, unit: 'ms', note: how });
  rows.push({ name: 'trpc_roundtrip_authed_pglite_p95_ms', value: r.p95, unit: 'ms', note: how });
} catch (err) {
  rows.push({ name: 'trpc_roundtrip_authed_pglite_p50_ms', value: null, unit: 'ms', note: note(err) });
  rows.push({ name: 'trpc_roundtrip_authed_pglite_p95_ms', value: null, unit: 'ms', note: note(err) });
}

for (const p of [50, 95]) rows.push({ name: `trpc_roundtrip_authed_postgres_p${p}_ms`, value: null, unit: 'ms', note: `skipped: PostgreSQL unreachable at ${redacted}` });
if (pgUp) {
  const [p50, p95] = [rows.length - 2, rows.length - 1];
  try {
    const db = await createBenchDatabase();
    try {
      const r = await roundTrip({ DATABASE_URL: db.url, SEED_DEMO: '1' });
      const how = `built server, PostgreSQL (fresh db ${db.name}), ${REQUESTS} seq. GET auth.me after ${WARMUP} warm-up`;
      rows[p50] = { name: rows[p50]!.name, value: r.p50, unit: 'ms', note: how };
      rows[p95] = { name: rows[p95]!.name, value: r.p95, unit: 'ms', note: how };
    } finally {
      await db.drop();
    }
  } catch (err) {
    rows[p50]!.note = rows[p95]!.note = note(err);
  }
}

try {
  const r = await outboxDelivery(pgUp);
  const db = r.kind === 'postgres' ? 'PostgreSQL (fresh db)' : 'PGlite in memory';
  rows.push({ name: 'outbox_delivery_mails_per_s', value: r.mailsPerS, unit: 'mails/s', note: `${MAILS} mails, deliverDue + smtpTransport(${r.transportUrl}) → local smtp-server; db: ${db}` });
} catch (err) {
  rows.push({ name: 'outbox_delivery_mails_per_s', value: null, unit: 'mails/s', note: note(err) });
}

// Concurrent callout.signUp over HTTP against the pgbench single-row-update ceiling on the same machine.
{
  const claimsRow: Row = { name: 'signup.claims_per_s', value: null, unit: 'claims/s', note: '' };
  const p50Row: Row = { name: 'signup.p50_ms', value: null, unit: 'ms', note: '' };
  const p95Row: Row = { name: 'signup.p95_ms', value: null, unit: 'ms', note: '' };
  const tpsRow: Row = { name: 'pgbench.update_tps', value: null, unit: 'tps', note: '' };
  const ratioRow: Row = { name: 'signup.ratio_to_pgbench', value: null, unit: 'ratio', note: '', digits: 3 };
  rows.push(claimsRow, p50Row, p95Row, tpsRow, ratioRow);
  const unreachable = `skipped: PostgreSQL unreachable at ${redacted}`;
  const pgbench = findPgbench();

  if (!pgUp) {
    claimsRow.note = p50Row.note = p95Row.note = unreachable;
  } else {
    try {
      const r = await signupThroughput();
      const how = `built server, PostgreSQL (fresh db, server pool); ${SIGNUP_MEASURES}; ${r.claims} claims (${r.confirmed} confirmed) in ${r.seconds.toFixed(2)} s${r.unattempted ? ` (${BUDGET_S} s budget: ${r.unattempted} not attempted)` : ''}`;
      claimsRow.value = r.claimsPerS;
      p50Row.value = r.p50;
      p95Row.value = r.p95;
      claimsRow.note = p50Row.note = p95Row.note = how;
    } catch (err) {
      claimsRow.note = p50Row.note = p95Row.note = note(err);
    }
  }

  if (!pgUp) tpsRow.note = unreachable;
  else if (!pgbench) tpsRow.note = 'skipped: pgbench not found (apt-get install postgresql-client)';
  else {
    try {
      tpsRow.value = await pgbenchUpdateTps(pgbench);
      tpsRow.note = `pgbench -s ${PGBENCH.scale} scratch db, 1 random pgbench_accounts UPDATE by pk, -c ${PGBENCH.clients} -j ${PGBENCH.threads} -T ${PGBENCH.seconds} -n, excl. connection time`;
    } catch (err) {
      tpsRow.note = note(err);
    }
  }

  if (claimsRow.value !== null && tpsRow.value) {
    ratioRow.value = Math.round((claimsRow.value / tpsRow.value) * 1000) / 1000;
    ratioRow.note = 'signup.claims_per_s ÷ pgbench.update_tps';
  } else {
    ratioRow.note = `skipped: needs ${claimsRow.value === null ? 'signup.claims_per_s' : 'pgbench.update_tps'}`;
  }
}

// calendar.range over one month's six-week grid with 10,000 items in view of one signed-in volunteer.
for (const kind of ['pglite', 'postgres'] as const) {
  const p50Row: Row = { name: `calendar_month_10k_${kind}_p50_ms`, value: null, unit: 'ms', note: '' };
  const p95Row: Row = { name: `calendar_month_10k_${kind}_p95_ms`, value: null, unit: 'ms', note: '' };
  rows.push(p50Row, p95Row);
  if (kind === 'postgres' && !pgUp) {
    p50Row.note = p95Row.note = `skipped: PostgreSQL unreachable at ${redacted}`;
    continue;
  }
  try {
    const r = await calendarMonth(kind);
    p50Row.value = r.p50;
    p95Row.value = r.p95;
    p50Row.note = p95Row.note =
      `built server, ${kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)'}, demo volunteer of 湖滨社区; ` +
      `GET calendar.range ${r.range.from.slice(0, 10)}–${r.range.to.slice(0, 10)} (6-week grid of ${r.range.month.slice(0, 7)}): ` +
      `${CAL_CALLOUTS} open callouts on its grids + ${CAL_EVENTS} events of 东湖街道 → ${r.items} items, ${(r.bytes / 1e6).toFixed(1)} MB JSON; ` +
      `${r.requests} seq. requests after ${CAL_WARMUP} warm-up, to last byte`;
  } catch (err) {
    p50Row.note = p95Row.note = note(err);
  }
}

// worker.import of a generated 3,200-row .xlsx by the demo HR user: preview, then commit in one transaction.
for (const kind of ['pglite', 'postgres'] as const) {
  const row: Row = { name: `worker_import_3200_${kind}_ms`, value: null, unit: 'ms', note: '' };
  rows.push(row);
  if (kind === 'postgres' && !pgUp) {
    row.note = `skipped: PostgreSQL unreachable at ${redacted}`;
    continue;
  }
  try {
    const r = await workerImport(kind);
    row.value = r.ms;
    row.note = `built server, ${kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)'}, demo HR of 城东区; POST worker.import of a ${(r.fileBytes / 1024).toFixed(0)} KB .xlsx, ` +
      `${IMPORT_ROWS} worker rows over 8 grids: preview ${r.previewMs.toFixed(0)} ms + commit ${r.commitMs.toFixed(0)} ms, each to last byte`;
  } catch (err) {
    row.note = note(err);
  }
}

// pay.run.compute for 3,200 grid workers of one street: gather the month's inputs, compute, write every payslip and line.
for (const kind of ['pglite', 'postgres'] as const) {
  const row: Row = { name: `payroll_compute_3200_${kind}_ms`, value: null, unit: 'ms', note: '' };
  rows.push(row);
  if (kind === 'postgres' && !pgUp) {
    row.note = `skipped: PostgreSQL unreachable at ${redacted}`;
    continue;
  }
  try {
    const r = await payrollCompute(kind);
    row.value = r.ms;
    row.note = `built server, ${kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)'}, demo HR of 城东区; POST pay.run.compute of a new run of 东湖街道 ` +
      `(${PAY_WORKERS} seeded workers + the demo's → ${r.payslips} payslips, ${r.lines} lines), to last byte; median of ${PAY_RUNS} months after 1 warm-up month (${r.samples.join(', ')} ms)`;
  } catch (err) {
    row.note = note(err);
  }
}

// counseling.slots: free slots of 20 counselors in reach of one grid worker over the next 8 weeks.
for (const kind of ['pglite', 'postgres'] as const) {
  const row: Row = { name: `counseling_slots_20x8w_${kind}_ms`, value: null, unit: 'ms', note: '' };
  rows.push(row);
  if (kind === 'postgres' && !pgUp) {
    row.note = `skipped: PostgreSQL unreachable at ${redacted}`;
    continue;
  }
  try {
    const r = await counselingSlots(kind);
    row.value = r.p50;
    row.note = `built server, ${kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)'}, demo grid worker of 湖滨社区; GET counseling.slots for ${SLOT_WEEKS} weeks: ` +
      `${r.counselors} counselors in reach (street, district, city; weekly hours, a day off, extra hours, ${r.bookings} bookings) → ${r.slots} free slots, ${(r.bytes / 1e3).toFixed(0)} kB JSON; ` +
      `p50 of ${r.requests} seq. requests after ${SLOT_WARMUP} warm-up, to last byte (p95 ${r.p95} ms)`;
  } catch (err) {
    row.note = note(err);
  }
}

// career.eligibility.forUnit over 3,200 workers with 10 years of appraisals, and career.figures for the whole city; one seeded database per kind.
for (const kind of ['pglite', 'postgres'] as const) {
  const eligRow: Row = { name: `career_eligibility_3200_${kind}_ms`, value: null, unit: 'ms', note: '' };
  const figRow: Row = { name: `career_figures_city_${kind}_ms`, value: null, unit: 'ms', note: '' };
  rows.push(eligRow, figRow);
  if (kind === 'postgres' && !pgUp) {
    eligRow.note = figRow.note = `skipped: PostgreSQL unreachable at ${redacted}`;
    continue;
  }
  try {
    const r = await careerBench(kind);
    const db = kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)';
    eligRow.value = r.eligibility.ms;
    eligRow.note = `built server, ${db}, demo HR of 城东区; GET career.eligibility.forUnit for 城东区: ${CAREER_WORKERS} seeded workers × ${CAREER_YEARS} years of appraisals + the demo's → ` +
      `${r.eligibility.workers} workers with their rule verdicts, ${r.eligibility.eligible} eligible, ${(r.eligibility.bytes / 1e6).toFixed(1)} MB JSON; p50 of ${CAREER_CALLS} seq. calls after 1 warm-up, to last byte (${r.eligibility.samples.join(', ')} ms)`;
    figRow.value = r.figures.ms;
    figRow.note = `built server, ${db}, demo admin of the city; GET career.figures for the city, last full year: headcount ${r.figures.headcount}, ${r.figures.leavers} leavers (${CAREER_LEAVERS} seeded in 城西区), ` +
      `${r.figures.children} districts; p50 of ${CAREER_CALLS} seq. calls after 1 warm-up, to last byte (${r.figures.samples.join(', ')} ms)`;
  } catch (err) {
    eligRow.note = figRow.note = note(err);
  }
}

// wellbeing.aggregates for the whole city over 52 weeks of 3,200 workers' answers, with suppression.
for (const kind of ['pglite', 'postgres'] as const) {
  const row: Row = { name: `wellbeing_aggregates_3200x52_${kind}_ms`, value: null, unit: 'ms', note: '' };
  rows.push(row);
  if (kind === 'postgres' && !pgUp) {
    row.note = `skipped: PostgreSQL unreachable at ${redacted}`;
    continue;
  }
  try {
    const r = await wellbeingAggregates(kind);
    row.value = r.p50;
    row.note = `built server, ${kind === 'pglite' ? 'PGlite (fresh dir)' : 'PostgreSQL (fresh db)'}, city admin; ${WB_WORKERS} workers × ${WB_WEEKS} weeks of mixed answers; ` +
      `GET wellbeing.aggregates for the city, ${WB_WEEKS} weeks, suppression over the whole tree (${r.published} district cells published, ${r.suppressed} hidden); p50 of ${r.requests} seq. requests (p95 ${r.p95} ms)`;
  } catch (err) {
    row.note = note(err);
  }
}

// The volunteer's hot paths at 100 concurrent users for LOAD_SECONDS on PostgreSQL (autocannon).
{
  const names = ['load_100u_error_rate', 'load_100u_req_per_s', 'load_100u_p50_ms', 'load_100u_p95_ms', 'load_100u_p99_ms', 'load_100u_cpu_ms_per_req'] as const;
  const units = ['share', 'req/s', 'ms', 'ms', 'ms', 'ms'];
  const loadRows: Row[] = names.map((name, i) => ({ name, value: null, unit: units[i]!, note: pgUp ? '' : `skipped: PostgreSQL unreachable at ${redacted}` }));
  rows.push(...loadRows);
  if (pgUp) {
    try {
      const r = await volunteerLoad();
      const how = `built server, PostgreSQL (fresh db); ${LOAD_USERS} volunteers, one keep-alive connection and session each, ${LOAD_SECONDS} s of callout.list → signUp → checkIn; ` +
        `${r.requests} requests; statuses ${JSON.stringify(r.statuses)} (409/400 are expected refusals: already signed up, not check-in time)`;
      [r.errorRate, r.perSecond, r.p50, r.p95, r.p99, r.cpuMsPerRequest].forEach((v, i) => Object.assign(loadRows[i]!, { value: v, note: i === 0 ? `5xx + timeouts + socket errors ÷ all; ${how}` : i === 5 ? 'portal process user+system CPU ÷ requests (PostgreSQL not included)' : how }));
      loadRows[0]!.digits = 4;
      loadRows[5]!.digits = 2;
    } catch (err) {
      for (const row of loadRows) row.note = note(err);
    }
  }
}

// First-load JavaScript of every page (gzip), from Chromium with an empty cache.
{
  const maxRow: Row = { name: 'js_first_load_max_kb', value: null, unit: 'kB gzip', note: '' };
  const medianRow: Row = { name: 'js_first_load_median_kb', value: null, unit: 'kB gzip', note: '' };
  rows.push(maxRow, medianRow);
  try {
    const r = await pageWeights();
    maxRow.value = r.largest.kb;
    maxRow.note = `largest: ${r.largest.path}; all: ${r.weights.map((w) => `${w.path} ${w.kb}`).join(', ')}`;
    medianRow.value = r.median;
    medianRow.note = `${r.weights.length} pages, built server (PGlite), signed in as the role that uses each page`;
  } catch (err) {
    maxRow.note = medianRow.note = note(err);
  }
}

const header = { name: 'measurement', value: 'value', unit: 'unit', note: 'conditions' };
const cells = [header, ...rows.map((r) => ({ ...r, value: r.value === null ? '—' : r.value.toFixed(r.digits ?? 1) }))];
const width = (k: 'name' | 'value' | 'unit') => Math.max(...cells.map((c) => c[k].length));
const line = (c: (typeof cells)[number]) =>
  `${c.name.padEnd(width('name'))}  ${c.value.padStart(width('value'))}  ${c.unit.padEnd(width('unit'))}  ${c.note}`;
console.log([line(cells[0]!), ...cells.slice(1).map(line)].join('\n'));

const results = Object.fromEntries(rows.filter((r) => r.value !== null).map((r) => [r.name, { value: r.value, unit: r.unit }]));
await writeFile(RESULTS, JSON.stringify(results, null, 2) + '\n');
if (rows.some((r) => r.note.startsWith('FAILED'))) process.exitCode = 1;
