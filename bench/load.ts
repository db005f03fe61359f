import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { DEMO, UNITS, portal, publishCallout } from './portal';
import { withSeededServer } from './seeded';
import { oneDecimal, percentile } from './stats';

export const LOAD_USERS = 100;
export const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CALLOUTS = 40;
const TIMEOUT_MS = 30_000;

/** Process CPU time (user + system) in ms, from /proc: what the portal process itself spent. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, here 11 and 12 after the name; clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The volunteer's hot paths under load: 100 volunteers, each on their own keep-alive connection with
 * their own session, loop over "list open callouts near home" → "sign up for one" → "check in"
 * for LOAD_SECONDS on PostgreSQL. Sign-ups repeat (already signed up, full) and check-ins come
 * before the window: those answers are expected 4xx, counted apart; errors are 5xx, timeouts and
 * socket errors.
 */
export async function volunteerLoad() {
  return withSeededServer('postgres', { env: { MAIL_WORKER: '0' } }, async (server) => {
    const url = server.url;
    const anonymous = portal(url, TIMEOUT_MS);
    const community = await anonymous.unit(UNITS.community);
    const grid = await anonymous.unit(UNITS.community, UNITS.grid); // the demo grid worker's own grid

    const worker = await anonymous.login(DEMO.gridWorker);
    const start = Date.now() + 2 * 86400_000;
    const calloutIds: string[] = [];
    for (let i = 0; i < CALLOUTS; i++) {
      const startsAt = new Date(start + i * 3 * 3600_000);
      calloutIds.push(await publishCallout(worker, {
        gridId: grid.id, title: `压测任务 ${i + 1}`, description: '', category: 'patrol', urgency: 'normal', place: '湖滨公园',
        startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(), slots: 30, requiredSkills: [], teamSlots: 0
      }));
    }
    const cookies: string[] = [];
    for (let i = 0; i < LOAD_USERS; i++) {
      const phone = `186${String(10_000_000 + i).slice(-8)}`;
      const volunteer = await anonymous.register({ name: `压测志愿者${i + 1}`, phone, password: 'abc12345', homeCommunityId: community.id });
      cookies.push(volunteer.cookie!);
    }

    const statuses = new Map<number, number>();
    const times: number[] = [];
    let nextClient = 0;
    const pick = () => calloutIds[Math.floor(Math.random() * calloutIds.length)]!;
    const cpuBefore = await cpuMs(server.process.pid!);
    const result = await autocannon({
      url,
      connections: LOAD_USERS,
      duration: LOAD_SECONDS,
      timeout: 10,
      setupClient: (client) => client.setHeaders({ cookie: cookies[nextClient++ % cookies.length]!, 'content-type': 'application/json' }),
      requests: [
        { method: 'GET', path: `/api/trpc/callout.list?input=${encodeURIComponent(JSON.stringify({ scope: 'reach' }))}` },
        { method: 'POST', path: '/api/trpc/callout.signUp', setupRequest: (req) => ({ ...req, body: JSON.stringify({ calloutId: pick() }) }) },
        { method: 'POST', path: '/api/trpc/callout.checkIn', setupRequest: (req) => ({ ...req, body: JSON.stringify({ calloutId: pick(), code: '000000' }) }) }
      ]
    }).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      times.push(ms);
    });
    const cpuAfter = await cpuMs(server.process.pid!);

    const total = result.requests.total + result.errors + result.timeouts;
    const serverErrors = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const expected4xx = [...statuses].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0);
    return {
      requests: total,
      perSecond: oneDecimal(result.requests.average),
      errorRate: total ? (serverErrors + result.errors + result.timeouts) / total : 0,
      expected4xxShare: total ? expected4xx / total : 0,
      p50: oneDecimal(percentile(times, 50)),
      p95: oneDecimal(percentile(times, 95)),
      p99: oneDecimal(percentile(times, 99)),
      cpuMsPerRequest: total ? Math.round(((cpuAfter - cpuBefore) / total) * 100) / 100 : 0,
      statuses: Object.fromEntries(statuses)
    };
  });
}
