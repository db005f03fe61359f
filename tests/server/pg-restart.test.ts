import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canRunOwnCluster, startCluster, type PgCluster } from '../support/pg-cluster';
import { removeDataDir, startServer, type RunningServer } from '../support/server';
import { call, codeOf, fromNow, HOUR, login, mutate, query, sleep, units, type Answer } from '../support/portal';

/**
 * PostgreSQL itself goes away under load — a fast restart, then a crash (`-m immediate`, no
 * checkpoint) — on a cluster of the test's own, so the shared server the other suites use is never
 * touched. The portal keeps running: while the database is gone it answers 503 "try again" in the
 * caller's language (never a 500, never a logout), and answers normally again by itself.
 * Runs in the PostgreSQL pass of the suite (DATABASE_URL set) where the server binaries exist.
 */
const enabled = Boolean(process.env.DATABASE_URL) && canRunOwnCluster;
const LONG = 180_000;

let cluster: PgCluster;
let server: RunningServer & { dataDir: string };
let unit: (path: string) => string;
const url = () => server.url;

describe.skipIf(!enabled)('PostgreSQL restarts and crashes under load', () => {
  beforeAll(async () => {
    cluster = await startCluster();
    server = await startServer({ SEED_DEMO: '1', MAIL_WORKER: '0', DATABASE_URL: cluster.url });
    unit = await units(url());
  }, LONG);
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
    await cluster?.destroy();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(`[server output]\n${server.output().slice(-4000)}`)));

  async function publishedCallout(title: string, slots: number) {
    const gw = await login(url(), '13800000004');
    const { id } = await mutate<{ id: string }>(url(), 'callout.create', {
      gridId: unit('湖滨社区/第一网格'), title, category: 'other', place: '湖滨社区服务站',
      startsAt: fromNow(72 * HOUR), endsAt: fromNow(74 * HOUR), slots
    }, gw);
    await mutate(url(), 'callout.publish', { calloutId: id }, gw);
    return { calloutId: id, gw };
  }

  async function volunteers(prefix: string, count: number): Promise<{ phone: string; cookie: string }[]> {
    const made: { phone: string; cookie: string }[] = [];
    for (let i = 0; i < count; i += 6) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(6, count - i) }, async (_, j) => {
          const phone = `${prefix}${String(i + j).padStart(4, '0')}`;
          const answer = await call(url(), 'mutation', 'auth.register', { name: `重启演练${i + j}`, phone, password: 'abc12345', homeCommunityId: unit('湖滨社区') });
          expect(answer.status, JSON.stringify(answer.error)).toBe(200);
          return { phone, cookie: answer.cookie! };
        })
      );
      made.push(...batch);
    }
    return made;
  }

  /** While the database is away, the only failure a caller may meet is 503 UNAVAILABLE, in Chinese. */
  const expectTryAgain = (answer: Answer) => {
    expect(answer.status, JSON.stringify(answer.error)).toBe(503);
    expect(codeOf(answer)).toBe('UNAVAILABLE');
    expect(answer.error?.message).toContain('请稍后再试');
  };

  it('a restart and a crash under load: 503 "try again" meanwhile, then normal answers by itself, nobody logged out', async () => {
    const { calloutId } = await publishedCallout('故障演练：数据库重启', 100);
    const people = await volunteers('1350000', 8);
    type Entry = { at: number; answer?: Answer; thrown?: unknown };
    const log: Entry[] = [];
    // Reads, and cancel/sign-up pairs, from eight clients without pause, until 4 s after the last
    // return (at most a minute, so a failed step cannot leave the load running).
    let stopAt = Date.now() + 60_000;
    const client = async ({ cookie }: { cookie: string }, i: number) => {
      while (Date.now() < stopAt) {
        const send = (kind: 'query' | 'mutation', path: string, input: unknown) =>
          call(url(), kind, path, input, cookie).then(
            (answer) => log.push({ at: Date.now(), answer }),
            (thrown: unknown) => log.push({ at: Date.now(), thrown })
          );
        if (i % 2) await send('query', 'callout.list', { scope: 'reach' });
        else {
          await send('mutation', 'callout.cancelSignUp', { calloutId });
          await send('mutation', 'callout.signUp', { calloutId });
        }
      }
    };
    const load = Promise.all(people.map(client));
    const first = people[0]!;
    const backUp: number[] = [];

    await sleep(1500);
    await cluster.restart();
    backUp.push(Date.now());

    await sleep(2000);
    await cluster.crash();
    // While it is down: a page says so with a 503, the API too, and the session cookie stays.
    const page = await fetch(`${url()}/callouts`, { headers: { cookie: first.cookie } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('系统暂时连不上数据库');
    expect(page.headers.get('set-cookie') ?? '').not.toMatch(/gc_session=;/);
    const api = await call(url(), 'query', 'callout.list', { scope: 'reach' }, first.cookie);
    expectTryAgain(api);
    expect(api.setCookie ?? '').not.toMatch(/gc_session=;/);
    const english = await call(url(), 'query', 'callout.list', { scope: 'reach' }, undefined, { cookie: `${first.cookie}; gc_locale=en` });
    expect(english.error?.message).toContain('try again shortly');
    expect((await fetch(`${url()}/healthz`)).status).toBe(503);
    await sleep(1000);
    await cluster.start();
    backUp.push(Date.now());
    stopAt = Date.now() + 4000;
    await load;

    expect(server.process.exitCode, `the portal died:\n${server.output().slice(-2000)}`).toBeNull();
    expect(log.filter((e) => e.thrown), 'every request was answered').toEqual([]);
    const failed = log.filter((e) => e.answer!.status !== 200);
    // Besides "try again", only the answers a cancel/sign-up pair gives when one half's fate was unknown.
    for (const { answer } of failed) {
      if (answer!.status === 503) expectTryAgain(answer!);
      else expect(['NOT_SIGNED_UP', 'ALREADY_SIGNED_UP'], JSON.stringify(answer!.error)).toContain(codeOf(answer!));
    }
    console.log(`PG RESTART requests ${log.length}, answered 503 ${failed.filter((e) => e.answer!.status === 503).length}, other refusals ${failed.filter((e) => e.answer!.status !== 503).length}`);
    expect(failed.filter((e) => e.answer!.status === 503).length, 'the outages were noticed').toBeGreaterThan(0);
    for (const up of backUp) {
      const firstOk = log.find((e) => e.at > up && e.answer!.status === 200);
      expect(firstOk, 'answered again after PostgreSQL came back').toBeDefined();
      expect(firstOk!.at - up).toBeLessThan(3000);
    }
    // Once recovered, no dead connection is handed out again: nothing but normal answers.
    const settled = log.filter((e) => e.at > backUp.at(-1)! + 1000);
    expect(settled.length).toBeGreaterThan(10);
    expect(settled.filter((e) => e.answer!.status === 503)).toEqual([]);
    expect((await fetch(`${url()}/healthz`)).status).toBe(200);
    // The same cookies still work: nobody was logged out by the outage.
    const me = await call(url(), 'query', 'callout.list', { scope: 'reach' }, first.cookie);
    expect(me.status).toBe(200);
  }, LONG);

  it('PostgreSQL crashes in a burst of sign-ups for the last places: every answered confirmation survives', async () => {
    const PLACES = 10;
    const { calloutId, gw } = await publishedCallout('故障演练：数据库崩溃', PLACES);
    const people = await volunteers('1351000', 40);
    const answers: (Answer<{ status: string }> | undefined)[] = people.map(() => undefined);
    let answered = 0;
    let crashed: Promise<void> | undefined;
    await Promise.all(
      people.map(({ cookie }, i) =>
        call<{ status: string }>(url(), 'mutation', 'callout.signUp', { calloutId }, cookie).then((answer) => {
          answers[i] = answer;
          if (answer.status === 200 && ++answered >= 3) crashed ??= cluster.crash();
        })
      )
    );
    await (crashed ?? cluster.crash());
    const refused = answers.filter((a) => a!.status !== 200);
    expect(refused.length, 'the crash came in the middle of the burst').toBeGreaterThan(0);
    for (const answer of refused) expectTryAgain(answer!);
    const told = people.flatMap((p, i) => (answers[i]!.status === 200 ? [{ phone: p.phone, status: answers[i]!.data!.status }] : []));


    console.log(`PG CRASH sign-ups answered before the crash ${told.length} of ${people.length}`);
    await cluster.start();
    const roster = await retry(() => query<{ phone: string | null; status: string }[]>(url(), 'callout.roster', { calloutId }, gw));
    const confirmed = roster.filter((r) => r.status === 'confirmed').map((r) => r.phone);
    expect(confirmed.length).toBeLessThanOrEqual(PLACES);
    for (const { phone, status } of told) expect(roster.find((r) => r.phone === phone)?.status, `${phone} was told "${status}"`).toBe(status);
    const callout = await query<{ confirmedCount: number }>(url(), 'callout.get', { calloutId }, gw);
    expect(callout.confirmedCount).toBe(confirmed.length);

    // Those told "try again" do so: the places fill exactly, the rest wait in line.
    const rest = people.filter((p) => !roster.some((r) => r.phone === p.phone));
    const again = await Promise.all(rest.map(({ cookie }) => call(url(), 'mutation', 'callout.signUp', { calloutId }, cookie)));
    expect(again.every((a) => a.status === 200)).toBe(true);
    const final = await query<{ status: string }[]>(url(), 'callout.roster', { calloutId }, gw);
    expect(final.filter((r) => r.status === 'confirmed')).toHaveLength(PLACES);
    expect(final.filter((r) => r.status === 'waitlisted')).toHaveLength(people.length - PLACES);
  }, LONG);
});

/** The first call after the database returns may still meet a connection the pool has not yet dropped. */
async function retry<T>(read: () => Promise<T>, attempts = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (err) {
      if (i >= attempts) throw err;
      await sleep(300);
    }
  }
}
