import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../src/lib/server/testing/db';
import type { Database } from '../../src/lib/server/db/connect';
import { removeDataDir, startServer, type RunningServer } from '../support/server';
import { call, codeOf, fromNow, HOUR, login, mutate, query, sleep, units, type Answer } from '../support/portal';

/**
 * kill -9 the built server in the middle of the promises that matter — a burst of sign-ups for the
 * last places, a payroll lock, a race for one counseling slot — start it again on the same data,
 * and check that nothing answered was lost and no rule was broken. PostgreSQL itself restarting is
 * tests/server/pg-restart.test.ts.
 */
let pgDb: (Database & { url?: string }) | undefined;
let server: RunningServer & { dataDir: string };
let unit: (path: string) => string;

const env = () => ({ SEED_DEMO: '1', MAIL_WORKER: '0', ...(pgDb?.url ? { DATABASE_URL: pgDb.url } : {}) });
const url = () => server.url;
/** Each test starts the server again after killing it; on a busy machine a start takes a while. */
const LONG = 180_000;

beforeAll(async () => {
  if (process.env.DATABASE_URL) pgDb = await freshDb();
  server = await startServer(env());
  unit = await units(url());
}, 180_000);
afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
  await pgDb?.close();
});

// What the server said, when a test fails: a restart that went wrong shows there first.
beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(`[server output]\n${server.output().slice(-4000)}`)));

async function restart() {
  server = await startServer(env(), { dataDir: server.dataDir });
}

/**
 * Sends every request at once and kill -9s the server as soon as `crashAfter` of them have been
 * answered. Returns what was answered (an answer means the change was committed before the kill);
 * requests cut off by the kill are undefined.
 */
async function burstAndCrash<T>(requests: (() => Promise<Answer<T>>)[], crashAfter: number): Promise<(Answer<T> | undefined)[]> {
  const answers: (Answer<T> | undefined)[] = requests.map(() => undefined);
  let answered = 0;
  let crashed: Promise<void> | undefined;
  await Promise.all(
    requests.map((send, i) =>
      send().then(
        (answer) => {
          answers[i] = answer;
          if (++answered >= crashAfter) crashed ??= server.crash();
        },
        () => {} // cut off by the kill
      )
    )
  );
  await (crashed ?? server.crash());
  return answers;
}

describe('kill -9 during a burst of sign-ups for the last places', () => {
  const VOLUNTEERS = 60;
  const PLACES = 10;
  const phones = Array.from({ length: VOLUNTEERS }, (_, i) => `1370000${String(i).padStart(4, '0')}`);
  const cookies = new Map<string, string>();
  let calloutId: string;
  const gridWorker = () => login(url(), '13800000004');

  it('keeps every answered confirmation and never fills more than the places', async () => {
    const gw = await gridWorker();
    ({ id: calloutId } = await mutate<{ id: string }>(url(), 'callout.create', {
      gridId: unit('湖滨社区/第一网格'), title: '故障演练：防汛沙袋搬运', category: 'emergency', place: '湖滨社区服务站',
      startsAt: fromNow(48 * HOUR), endsAt: fromNow(51 * HOUR), slots: PLACES
    }, gw));
    await mutate(url(), 'callout.publish', { calloutId }, gw);
    // 60 volunteers of the callout's community (the demo has 40 spread over six communities).
    for (let i = 0; i < VOLUNTEERS; i += 6) {
      await Promise.all(
        phones.slice(i, i + 6).map(async (phone, j) => {
          const answer = await call(url(), 'mutation', 'auth.register', { name: `演练志愿者${i + j}`, phone, password: 'abc12345', homeCommunityId: unit('湖滨社区') });
          expect(answer.status, JSON.stringify(answer.error)).toBe(200);
          cookies.set(phone, answer.cookie!);
        })
      );
    }

    const answers = await burstAndCrash(
      phones.map((phone) => () => call<{ status: 'confirmed' | 'waitlisted' }>(url(), 'mutation', 'callout.signUp', { calloutId }, cookies.get(phone))),
      3
    );
    const answered = answers.filter(Boolean).length;
    const confirmedBeforeCrash = phones.filter((_, i) => answers[i]?.status === 200 && answers[i]?.data?.status === 'confirmed');
    console.log('SIGNUP answered', answered, 'confirmed', confirmedBeforeCrash.length);
    expect(answered, 'the kill came in the middle of the burst').toBeLessThan(VOLUNTEERS);
    expect(answers.every((a) => !a || a.status === 200), 'no error answers before the kill').toBe(true);

    await restart();
    const gw2 = await gridWorker();
    const roster = await query<{ phone: string | null; status: string }[]>(url(), 'callout.roster', { calloutId }, gw2);
    const confirmed = roster.filter((r) => r.status === 'confirmed').map((r) => r.phone);
    expect(confirmed.length).toBeLessThanOrEqual(PLACES);
    for (const phone of confirmedBeforeCrash) expect(confirmed, `${phone} was told "confirmed"`).toContain(phone);
    // The stored count agrees with the rows (the CHECK on it is what refuses an overfill).
    const callout = await query<{ confirmedCount: number; status: string }>(url(), 'callout.get', { calloutId }, gw2);
    expect(callout.confirmedCount).toBe(confirmed.length);

    // After the restart the rest of the burst goes on where it stopped: the places fill up exactly.
    const rest = phones.filter((p) => !roster.some((r) => r.phone === p));
    const after = await Promise.all(rest.map((phone) => call<{ status: string }>(url(), 'mutation', 'callout.signUp', { calloutId }, cookies.get(phone))));
    expect(after.every((a) => a.status === 200)).toBe(true);
    const final = await query<{ status: string }[]>(url(), 'callout.roster', { calloutId }, gw2);
    expect(final.filter((r) => r.status === 'confirmed')).toHaveLength(PLACES);
    expect(final.filter((r) => r.status === 'waitlisted')).toHaveLength(VOLUNTEERS - PLACES);
  }, LONG);
});

describe('kill -9 during a payroll lock', () => {
  const MONTHS = ['2026-07', '2026-08', '2026-09'];
  type Run = { status: string; payslips: { payslipId: string; netFen: number }[]; totals: { netFen: number } };
  type Payslip = { lines: { label: string; amountFen: number }[] };

  it('leaves each run approved with all its lines or locked with all its lines', async () => {
    const [hr1, hr2, gw] = await Promise.all([login(url(), '13800000002'), login(url(), '13800000006'), login(url(), '13800000004')]);
    const { userId: workerId } = await query<{ userId: string }>(url(), 'auth.me', undefined, gw);
    await mutate(url(), 'pay.structure.save', {
      unitId: unit('城东区'), effectiveFrom: '2026-01-01', basePayFen: 350000, performanceBaseFen: 150000,
      coefficients: { A: 1200, B: 1000, C: 800, D: 500 }, communicationFen: 10000, overtimeHourFen: 3333, certificates: []
    }, hr1);
    const runs: string[] = [];
    for (const month of MONTHS) {
      await mutate(url(), 'pay.inputs.saveRatings', { month, ratings: [{ workerId, rating: 'A' }] }, hr1);
      await mutate(url(), 'pay.inputs.addOvertime', { workerId, month, minutes: 120, note: '防汛值守' }, hr1);
      const { runId } = await mutate<{ runId: string }>(url(), 'pay.run.create', { unitId: unit('城东区'), month }, hr1);
      await mutate(url(), 'pay.run.compute', { runId }, hr1);
      await mutate(url(), 'pay.run.review', { runId }, hr1);
      await mutate(url(), 'pay.run.approve', { runId }, hr2);
      runs.push(runId);
    }
    const snapshot = async (runId: string, cookie: string) => {
      const run = await query<Run>(url(), 'pay.run.get', { runId }, cookie);
      const lines = await Promise.all(run.payslips.map(async (p) => (await query<Payslip>(url(), 'pay.payslip.get', { payslipId: p.payslipId }, cookie)).lines.map((l) => [l.label, l.amountFen])));
      return { status: run.status, totals: run.totals, payslips: run.payslips.map((p) => p.netFen), lines };
    };
    const before = await Promise.all(runs.map((r) => snapshot(r, hr1)));
    expect(before.every((b) => b.status === 'approved' && b.lines.flat().length >= 3)).toBe(true);

    // Lock all three and pull the plug at once.
    const locks = runs.map((runId) => call(url(), 'mutation', 'pay.run.lock', { runId }, hr2).catch(() => undefined));
    await sleep(Math.floor(Math.random() * 15));
    await server.crash();
    const answered = await Promise.all(locks);
    console.log('LOCK answered', answered.map((a) => a?.status));

    await restart();
    for (const [i, runId] of runs.entries()) {
      const after = await snapshot(runId, hr1);
      expect(['approved', 'locked']).toContain(after.status);
      if (answered[i]?.status === 200) expect(after.status, 'a lock that was answered stays').toBe('locked');
      expect({ ...after, status: before[i]!.status }).toEqual(before[i]);
      // An approved run can be locked now; every run ends locked with the lines it was approved with.
      if (after.status === 'approved') await mutate(url(), 'pay.run.lock', { runId }, hr2);
      expect(await snapshot(runId, hr1)).toEqual({ ...before[i], status: 'locked' });
    }
  }, LONG);
});

describe('kill -9 during a race for one counseling slot', () => {
  const WORKERS = 6;

  it('keeps at most one live booking, and the booking that was answered', async () => {
    const admin = await login(url(), '13800000001');
    const phones = Array.from({ length: WORKERS }, (_, i) => `1360000${String(i).padStart(4, '0')}`);
    for (const [i, phone] of phones.entries()) {
      await mutate(url(), 'account.createStaff', { name: `演练网格员${i}`, phone, password: 'abc12345', role: 'grid_worker', orgUnitId: unit('湖滨社区/第一网格') }, admin);
    }
    const workers = await Promise.all(phones.map((p) => login(url(), p, 'abc12345')));
    const counselor = await login(url(), '13800000003');
    await mutate(url(), 'counseling.hours.save', {
      minNoticeHours: 1, horizonDays: 14, overrides: [],
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startTime: '08:00', endTime: '20:00', mode: 'place', place: '心灵驿站（东湖街道办 3 楼）', slotMinutes: 30, bufferMinutes: 0 }))
    }, counselor);
    const [offer] = await query<{ id: string; slots: { startsAt: string }[] }[]>(url(), 'counseling.slots', { from: fromNow(0), to: fromNow(72 * HOUR) }, workers[0]);
    const [first, second] = offer!.slots.slice(2, 4).map((s) => s.startsAt);
    const bookAll = (startsAt: string) => workers.map((w) => () => call<{ bookingId: string }>(url(), 'mutation', 'counseling.book', { counselorId: offer!.id, startsAt }, w));
    type Session = { id: string; startsAt: string; status: string };
    const liveAt = async (startsAt: string) =>
      (await query<{ sessions: Session[] }>(url(), 'counseling.mine', { when: 'upcoming' }, counselor)).sessions.filter((s) => s.startsAt === startsAt && s.status !== 'cancelled');

    const answers = await burstAndCrash(bookAll(first!), 1);
    const won = answers.filter((a) => a?.status === 200);
    console.log('BOOK', answers.map((a) => a?.status));
    expect(won.length).toBeLessThanOrEqual(1);
    expect(answers.every((a) => !a || a.status === 200 || codeOf(a) === 'SLOT_TAKEN')).toBe(true);

    await restart();
    const live = await liveAt(first!);
    expect(live.length).toBeLessThanOrEqual(1);
    if (won[0]) expect(live.map((s) => s.id)).toEqual([won[0].data!.bookingId]);

    // Without a crash the same race has exactly one winner; the others are told the slot is taken.
    const race = await Promise.all(bookAll(second!).map((send) => send()));
    expect(race.filter((a) => a.status === 200)).toHaveLength(1);
    expect(race.filter((a) => codeOf(a) === 'SLOT_TAKEN')).toHaveLength(WORKERS - 1);
    expect(await liveAt(second!)).toHaveLength(1);
  }, LONG);
});
