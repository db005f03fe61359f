import { DEMO, UNITS, portal } from './portal';
import { withSeededServer, type Kind } from './seeded';
import { timeSequential } from './stats';

export const WB_WORKERS = 3_200;
export const WB_WEEKS = 52;
export const WB_WARMUP = 2;
const WB_REQUESTS = 10;
const TIMEOUT_MS = 60_000;

/** ISO weeks ending with the current one, oldest first (the same arithmetic as src/lib/server/wellbeing/iso-week.ts). */
function lastWeeks(count: number): string[] {
  const weeks: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const local = new Date(Date.now() + 8 * 3600_000 - i * 7 * 86400_000);
    const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
    day.setUTCDate(day.getUTCDate() + 4 - (day.getUTCDay() || 7));
    const week = Math.ceil(((day.getTime() - Date.UTC(day.getUTCFullYear(), 0, 1)) / 86400_000 + 1) / 7);
    weeks.push(`${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`);
  }
  return weeks;
}

/**
 * 3,200 grid workers' check-ins for 52 weeks (166,400 mixed answers) spread over the city's
 * communities, a few of them small enough to be suppressed, then ANALYZE.
 */
function seedSql(weeks: string[]): string {
  return `
with communities as (select id, row_number() over (order by path) - 1 as k, count(*) over () as n from org_unit where level = 'community'),
     weeks as (select w, ordinality - 1 as wi from unnest(array[${weeks.map((w) => `'${w}'`).join(',')}]) with ordinality as t(w))
insert into checkin (iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score, mixed)
select weeks.w, c.id, array[s % 6, (s + 1) % 6, (s + 2) % 6, (s + 3) % 6, (s + 4) % 6]::smallint[], array[s % 5, (s + 2) % 5, (s + 1) % 5, s % 5]::smallint[],
       1 + s % 5, ((s % 6) + ((s + 1) % 6) + ((s + 2) % 6) + ((s + 3) % 6) + ((s + 4) % 6)) * 4, (s % 5) + (4 - (s + 2) % 5) + (4 - (s + 1) % 5) + (s % 5), true
from generate_series(0, ${WB_WORKERS - 1}) as g(s)
cross join weeks
join communities c on c.k = (case when g.s % 997 = 0 and weeks.wi % 3 = 0 then (c.n - 1) else g.s % c.n end);
analyze checkin;`;
}

type Aggregates = { children: { weeks: { suppressed: boolean; n: number | null }[] }[] };

/** wellbeing.aggregates for the whole city, 52 weeks, as the demo city admin: p50 of sequential calls. */
export async function wellbeingAggregates(kind: Kind) {
  const weeks = lastWeeks(WB_WEEKS);
  return withSeededServer(kind, { seed: seedSql(weeks), env: { MAIL_WORKER: '0' } }, async (server) => {
    const admin = await portal(server.url, TIMEOUT_MS).login(DEMO.admin);
    const city = await admin.unit(UNITS.city);
    let suppressed = 0;
    let published = 0;
    const aggregates = async () => {
      const answer = await admin.query<Aggregates>('wellbeing.aggregates', { unitId: city.id, weeks: WB_WEEKS });
      const cells = answer.data.children.flatMap((c) => c.weeks);
      suppressed = cells.filter((c) => c.suppressed).length;
      published = cells.filter((c) => !c.suppressed && (c.n ?? 0) > 0).length;
      return answer;
    };
    const { p50, p95 } = await timeSequential(WB_WARMUP, WB_REQUESTS, aggregates);
    if (published === 0) throw new Error('no published cell: the seed did not reach the figures');
    return { p50, p95, requests: WB_REQUESTS, suppressed, published };
  });
}
