import { withSeededServer } from './seeded';
import { oneDecimal, percentile } from './stats';

export const WB_WORKERS = 3_200;
export const WB_WEEKS = 52;
const WARMUP = 2;
const REQUESTS = 10;
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

async function call(url: string, path: string, cookie?: string, input?: unknown): Promise<{ body: unknown; cookie?: string }> {
  // A path with ?input= is a query (GET); otherwise the input goes in a POST body.
  const res = await fetch(`${url}/api/trpc/${path}`, {
    method: path.includes('?') ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: path.includes('?') ? undefined : JSON.stringify(input),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path.split('?')[0]} answered ${res.status}: ${text.slice(0, 200)}`);
  return { body: JSON.parse(text), cookie: res.headers.getSetCookie().find((c) => c.startsWith('gc_session='))?.split(';')[0] };
}

/** wellbeing.aggregates for the whole city, 52 weeks, as the demo city admin: p50 of sequential calls. */
export async function wellbeingAggregates(kind: 'pglite' | 'postgres') {
  const weeks = lastWeeks(WB_WEEKS);
  return withSeededServer(kind, seedSql(weeks), async (server) => {
    const { cookie } = await call(server.url, 'auth.login', undefined, { identifier: '13800000001', password: 'Gridcall2026' });
    const tree = (await call(server.url, `org.tree?input=${encodeURIComponent('{}')}`, cookie)).body as { result: { data: { id: string }[] } };
    const input = encodeURIComponent(JSON.stringify({ unitId: tree.result.data[0]!.id, weeks: WB_WEEKS }));
    const samples: number[] = [];
    let suppressed = 0;
    let published = 0;
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const start = performance.now();
      const { body } = await call(server.url, `wellbeing.aggregates?input=${input}`, cookie);
      if (i >= WARMUP) samples.push(performance.now() - start);
      const data = (body as { result: { data: { children: { weeks: { suppressed: boolean; n: number | null }[] }[] } } }).result.data;
      const cells = data.children.flatMap((c) => c.weeks);
      suppressed = cells.filter((c) => c.suppressed).length;
      published = cells.filter((c) => !c.suppressed && (c.n ?? 0) > 0).length;
    }
    if (published === 0) throw new Error('no published cell: the seed did not reach the figures');
    return { p50: oneDecimal(percentile(samples, 50)), p95: oneDecimal(percentile(samples, 95)), requests: REQUESTS, suppressed, published };
  });
}
