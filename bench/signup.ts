import { DEMO, DEMO_PASSWORD, UNITS, portal, publishCallout, type Portal } from './portal';
import { withClient } from './postgres';
import { withSeededServer } from './seeded';
import { oneDecimal, percentile } from './stats';

export const CLIENTS = 50;
export const CALLOUTS = 20;
export const SLOTS = 100;
/** Untimed sign-ups per client first, to callouts of their own, so a cold JIT and pool are not measured. */
export const WARMUP_CALLOUTS = 2;
// Every claim is to be a confirmed place: a bench of waitlist joins would measure something cheaper.
if (SLOTS < CLIENTS) throw new Error('bench/signup.ts: SLOTS must be at least CLIENTS');
/** What signup.* measures, for the bench table. */
export const SIGNUP_MEASURES =
  `${CLIENTS} clients, each its own volunteer and session, sign up to ${CALLOUTS} callouts of ${SLOTS} places in the same order ` +
  `(so they contend for one callout row at a time; every claim is a confirmed place), POST callout.signUp over HTTP, keep-alive, ` +
  `after ${WARMUP_CALLOUTS} untimed sign-ups per client`;
/** Clients start no new sign-up after this long, so a slow machine still finishes in bounded time. */
export const BUDGET_S = 15;

const TIMEOUT_MS = 15_000;
const DAY = 86_400_000;

/** The grid worker posts CALLOUTS (+ warm-up) open callouts of SLOTS places on consecutive days, so no two overlap. */
async function prepare(url: string): Promise<{ calloutIds: string[]; warmupIds: string[]; volunteers: Portal[] }> {
  const anonymous = portal(url, TIMEOUT_MS);
  const community = await anonymous.unit(UNITS.community);
  const grid = await anonymous.unit(UNITS.community, UNITS.grid);
  const worker = await anonymous.login(DEMO.gridWorker);
  const start = new Date(Date.now() + DAY);
  start.setUTCHours(1, 0, 0, 0);
  const calloutIds: string[] = [];
  for (let i = 0; i < CALLOUTS + WARMUP_CALLOUTS; i++) {
    const startsAt = new Date(start.getTime() + i * DAY);
    const endsAt = new Date(startsAt.getTime() + 2 * 3600_000);
    calloutIds.push(await publishCallout(worker, {
      gridId: grid.id,
      title: `压测巡逻 ${i + 1}`,
      description: 'bench/signup.ts',
      category: 'patrol',
      place: '湖滨社区活动中心',
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      slots: SLOTS
    }));
  }

  // One new volunteer per client, each with its own session (argon2 hashing makes these the slow part).
  const volunteers = await Promise.all(
    Array.from({ length: CLIENTS }, (_, i) =>
      anonymous.register({ name: `压测志愿者${i + 1}`, phone: `137${String(i + 1).padStart(8, '0')}`, password: DEMO_PASSWORD, homeCommunityId: community.id })
    )
  );
  return { calloutIds: calloutIds.slice(WARMUP_CALLOUTS), warmupIds: calloutIds.slice(0, WARMUP_CALLOUTS), volunteers };
}

export interface SignupResult {
  claimsPerS: number;
  p50: number;
  p95: number;
  claims: number;
  confirmed: number;
  errors: number;
  seconds: number;
  /** Sign-ups not attempted because BUDGET_S ran out. */
  unattempted: number;
}

/**
 * CLIENTS clients at once, each signing its own volunteer up to every callout in the same order, so
 * they contend for the same callout row lock as a popular callout's claimers do. Keep-alive, as a browser.
 */
async function claim(volunteers: Portal[], calloutIds: string[], budgetS = BUDGET_S): Promise<SignupResult & { firstError?: string }> {
  const samples: number[] = [];
  let confirmed = 0;
  let waitlisted = 0;
  let errors = 0;
  let firstError: string | undefined;
  let unattempted = 0;
  const t0 = performance.now();
  const deadline = t0 + budgetS * 1000;
  await Promise.all(
    volunteers.map(async (volunteer) => {
      for (const [i, calloutId] of calloutIds.entries()) {
        const start = performance.now();
        if (start > deadline) {
          unattempted += calloutIds.length - i;
          break;
        }
        try {
          const { data } = await volunteer.mutate<{ status: 'confirmed' | 'waitlisted' }>('callout.signUp', { calloutId });
          samples.push(performance.now() - start);
          if (data.status === 'confirmed') confirmed++;
          else if (data.status === 'waitlisted') waitlisted++;
          else throw new Error(`callout.signUp answered status ${JSON.stringify(data.status)}`);
        } catch (err) {
          errors++;
          firstError ??= (err as Error).message;
        }
      }
    })
  );
  const seconds = (performance.now() - t0) / 1000;
  const claims = confirmed + waitlisted;
  if (claims === 0) throw new Error(`no sign-up succeeded: ${firstError ?? 'no requests'}`);
  return {
    claimsPerS: oneDecimal(claims / seconds),
    p50: oneDecimal(percentile(samples, 50)),
    p95: oneDecimal(percentile(samples, 95)),
    claims,
    confirmed,
    errors,
    seconds,
    unattempted,
    firstError
  };
}

/** What the database holds must match what the server answered: no lost or double-counted places. */
async function verify(dbUrl: string, calloutIds: string[], r: SignupResult): Promise<void> {
  const { rows } = await withClient(dbUrl, (client) =>
    client.query<{ signups: string; confirmed: string; counted: string }>(
      `select (select count(*) from signup where callout_id = any($1::uuid[])) as signups,
              (select count(*) from signup where callout_id = any($1::uuid[]) and status = 'confirmed') as confirmed,
              (select coalesce(sum(confirmed_count), 0) from callout where id = any($1::uuid[])) as counted`,
      [calloutIds]
    )
  );
  const row = rows[0]!;
  if (Number(row.signups) !== r.claims || Number(row.confirmed) !== r.confirmed || Number(row.counted) !== r.confirmed) {
    throw new Error(`database disagrees: ${row.signups} sign-ups, ${row.confirmed} confirmed, confirmed_count ${row.counted}; answers: ${r.claims} claims, ${r.confirmed} confirmed`);
  }
}

/** Built server on a fresh PostgreSQL database with the demo seed; measures concurrent callout.signUp. */
export async function signupThroughput(): Promise<SignupResult> {
  return withSeededServer('postgres', {}, async (server) => {
    const { calloutIds, warmupIds, volunteers } = await prepare(server.url);
    const warm = await claim(volunteers, warmupIds, Infinity);
    if (warm.errors > 0) throw new Error(`${warm.errors} warm-up sign-ups failed, first: ${warm.firstError}`);
    const r = await claim(volunteers, calloutIds);
    if (r.errors > 0) throw new Error(`${r.errors} of ${r.claims + r.errors} sign-ups failed, first: ${r.firstError}`);
    await verify(server.databaseUrl!, calloutIds, r);
    return r;
  });
}
