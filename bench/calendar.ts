import { DEMO, UNITS, portal } from './portal';
import { withSeededServer, type Kind, type Sql } from './seeded';
import { timeSequential } from './stats';

/** Seeded into the measured month: callouts over the grids of one community, events of its street. */
export const CAL_CALLOUTS = 9_000;
export const CAL_EVENTS = 1_000;
export const CAL_WARMUP = 5;
export const CAL_REQUESTS = 60;
/** Measuring stops after this long, with at least CAL_MIN_REQUESTS samples, so a slow machine still finishes. */
export const CAL_BUDGET_S = 20;
const CAL_MIN_REQUESTS = 20;
const TIMEOUT_MS = 30_000;
const { community: COMMUNITY, street: STREET } = UNITS;

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
cross join (select id from app_user where phone = '${DEMO.gridWorker}') author
cross join lateral (select ${start} + s * interval '4 minutes' as at) t;

insert into event (org_unit_id, title, description, place, starts_at, ends_at, is_public, created_by)
select street.id, '压测活动 ' || (s + 1), 'bench/calendar.ts', '${STREET}市民广场', t.at, t.at + interval '3 hours', true, author.id
from generate_series(0, ${CAL_EVENTS - 1}) s
cross join (select id from org_unit where level = 'street' and name = '${STREET}') street
cross join (select id from app_user where phone = '${DEMO.admin}') author
cross join lateral (select ${start} + s * interval '36 minutes' as at) t;

analyze callout;
analyze event;`;
}

const COUNT_SQL = `select (select count(*) from callout where description = 'bench/calendar.ts')::int as callouts,
                          (select count(*) from event where description = 'bench/calendar.ts')::int as events`;

async function seed(db: Sql, month: string): Promise<void> {
  await db.exec(seedSql(month));
  const [row] = await db.rows<{ callouts: number; events: number }>(COUNT_SQL);
  if (row?.callouts !== CAL_CALLOUTS || row.events !== CAL_EVENTS) {
    throw new Error(`seeding made ${row?.callouts ?? 0} callouts and ${row?.events ?? 0} events, not ${CAL_CALLOUTS} and ${CAL_EVENTS}: was the demo seeded?`);
  }
}

/** The answer must hold every seeded item: a fast wrong answer is no figure. */
function check(items: { kind?: string }[]): void {
  if (!Array.isArray(items)) throw new Error(`calendar.range answered no list: ${String(JSON.stringify(items)).slice(0, 200)}`);
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
  range: MonthRange;
}

/**
 * The built server answering calendar.range for the demo volunteer of 湖滨社区 over one month's grid
 * holding CAL_CALLOUTS + CAL_EVENTS items in their view; fresh PGlite dir or fresh PostgreSQL database.
 */
export async function calendarMonth(kind: Kind): Promise<CalendarResult> {
  const range = benchMonth();
  return withSeededServer(kind, { seed: (db) => seed(db, range.month) }, async (server) => {
    const volunteer = await portal(server.url, TIMEOUT_MS).login(DEMO.volunteer);
    const rangeOnce = async () => {
      const answer = await volunteer.query<{ kind?: string }[]>('calendar.range', { from: range.from, to: range.to });
      check(answer.data); // outside the timing
      return answer;
    };
    const t = await timeSequential(CAL_WARMUP, CAL_REQUESTS, rangeOnce, { seconds: CAL_BUDGET_S, min: CAL_MIN_REQUESTS });
    return { p50: t.p50, p95: t.p95, requests: t.samples.length, items: t.last.data.length, bytes: t.last.bytes, range };
  });
}
