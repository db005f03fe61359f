import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { removeDataDir, startServer } from '../tests/support/server';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
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
export const PGBENCH = { clients: 50, threads: 2, seconds: 10, scale: 1 } as const;

const TIMEOUT_MS = 15_000;
const DAY = 86_400_000;
// Demo data from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias.
const GRID_WORKER = { identifier: '13800000004', password: 'Gridcall2026' };
const COMMUNITY = '湖滨社区';
const GRID = '第一网格';

interface TrpcAnswer<T> {
  data: T;
  cookie?: string;
}

/** One non-batched tRPC call as plain JSON: a query is a GET, a mutation a POST. */
async function trpc<T>(url: string, path: string, opts: { input?: unknown; cookie?: string; query?: boolean } = {}): Promise<TrpcAnswer<T>> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  let res: Response;
  if (opts.query) {
    const qs = opts.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(opts.input))}`;
    res = await fetch(`${url}/api/trpc/${path}${qs}`, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } else {
    headers['content-type'] = 'application/json';
    res = await fetch(`${url}/api/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(opts.input ?? null), signal: AbortSignal.timeout(TIMEOUT_MS) });
  }
  const text = await res.text();
  let body: { result?: { data?: T } } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below
  }
  if (!res.ok || !body?.result || !('data' in body.result)) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  return { data: body.result.data as T, cookie: session?.split(';')[0] };
}

interface UnitNode {
  id: string;
  level: string;
  name: string;
  children: UnitNode[];
}

function findUnit(nodes: UnitNode[], match: (n: UnitNode) => boolean): UnitNode | undefined {
  for (const n of nodes) {
    if (match(n)) return n;
    const hit = findUnit(n.children, match);
    if (hit) return hit;
  }
  return undefined;
}

/** The grid worker posts CALLOUTS (+ warm-up) open callouts of SLOTS places on consecutive days, so no two overlap. */
async function prepare(url: string): Promise<{ calloutIds: string[]; warmupIds: string[]; cookies: string[] }> {
  const { data: tree } = await trpc<UnitNode[]>(url, 'org.tree', { query: true });
  const community = findUnit(tree, (n) => n.level === 'community' && n.name === COMMUNITY);
  const grid = community?.children.find((n) => n.level === 'grid' && n.name === GRID);
  if (!community || !grid) throw new Error(`org.tree has no ${COMMUNITY}${GRID}: was the demo seeded?`);

  const login = await trpc<unknown>(url, 'auth.login', { input: GRID_WORKER });
  if (!login.cookie) throw new Error('auth.login set no gc_session cookie');
  const start = new Date(Date.now() + DAY);
  start.setUTCHours(1, 0, 0, 0);
  const calloutIds: string[] = [];
  for (let i = 0; i < CALLOUTS + WARMUP_CALLOUTS; i++) {
    const startsAt = new Date(start.getTime() + i * DAY);
    const endsAt = new Date(startsAt.getTime() + 2 * 3600_000);
    const { data: created } = await trpc<{ id: string }>(url, 'callout.create', {
      cookie: login.cookie,
      input: {
        gridId: grid.id,
        title: `压测巡逻 ${i + 1}`,
        description: 'bench/signup.ts',
        category: 'patrol',
        place: '湖滨社区活动中心',
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        slots: SLOTS
      }
    });
    await trpc<unknown>(url, 'callout.publish', { cookie: login.cookie, input: { calloutId: created.id } });
    calloutIds.push(created.id);
  }

  // One new volunteer per client, each with its own session (argon2 hashing makes these the slow part).
  const cookies = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const { cookie } = await trpc<unknown>(url, 'auth.register', {
        input: { name: `压测志愿者${i + 1}`, phone: `137${String(i + 1).padStart(8, '0')}`, password: GRID_WORKER.password, homeCommunityId: community.id }
      });
      if (!cookie) throw new Error('auth.register set no gc_session cookie');
      return cookie;
    })
  );
  return { calloutIds: calloutIds.slice(WARMUP_CALLOUTS), warmupIds: calloutIds.slice(0, WARMUP_CALLOUTS), cookies };
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
async function claim(url: string, calloutIds: string[], cookies: string[], budgetS = BUDGET_S): Promise<SignupResult & { firstError?: string }> {
  const samples: number[] = [];
  let confirmed = 0;
  let waitlisted = 0;
  let errors = 0;
  let firstError: string | undefined;
  let unattempted = 0;
  const t0 = performance.now();
  const deadline = t0 + budgetS * 1000;
  await Promise.all(
    cookies.map(async (cookie) => {
      for (const [i, calloutId] of calloutIds.entries()) {
        const start = performance.now();
        if (start > deadline) {
          unattempted += calloutIds.length - i;
          break;
        }
        try {
          const { data } = await trpc<{ status: 'confirmed' | 'waitlisted' }>(url, 'callout.signUp', { cookie, input: { calloutId } });
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
  const client = new pg.Client({ connectionString: dbUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ signups: string; confirmed: string; counted: string }>(
      `select (select count(*) from signup where callout_id = any($1::uuid[])) as signups,
              (select count(*) from signup where callout_id = any($1::uuid[]) and status = 'confirmed') as confirmed,
              (select coalesce(sum(confirmed_count), 0) from callout where id = any($1::uuid[])) as counted`,
      [calloutIds]
    );
    const row = rows[0]!;
    if (Number(row.signups) !== r.claims || Number(row.confirmed) !== r.confirmed || Number(row.counted) !== r.confirmed) {
      throw new Error(`database disagrees: ${row.signups} sign-ups, ${row.confirmed} confirmed, confirmed_count ${row.counted}; answers: ${r.claims} claims, ${r.confirmed} confirmed`);
    }
  } finally {
    await client.end();
  }
}

/** Built server on a fresh PostgreSQL database with the demo seed; measures concurrent callout.signUp. */
export async function signupThroughput(): Promise<SignupResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let stopServer: (() => Promise<void>) | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await stopServer?.();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    const db = await createBenchDatabase();
    dropDb = db.drop;
    const server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: '1' }, { dataDir });
    stopServer = server.stop;
    try {
      const { calloutIds, warmupIds, cookies } = await prepare(server.url);
      const warm = await claim(server.url, warmupIds, cookies, Infinity);
      if (warm.errors > 0) throw new Error(`${warm.errors} warm-up sign-ups failed, first: ${warm.firstError}`);
      const r = await claim(server.url, calloutIds, cookies);
      if (r.errors > 0) throw new Error(`${r.errors} of ${r.claims + r.errors} sign-ups failed, first: ${r.firstError}`);
      await verify(db.url, calloutIds, r);
      return r;
    } catch (err) {
      const cause = (err as Error).cause as Error | undefined;
      const log = server.output().trim().split('\n').slice(-5).join('\n');
      throw new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
    }
  } finally {
    await cleanup();
  }
}

/** pgbench on PATH, else in a Debian server/client package directory. */
export function findPgbench(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'pgbench');
    if (dir && existsSync(p)) return p;
  }
  const lib = '/usr/lib/postgresql';
  if (!existsSync(lib)) return undefined;
  const versions = readdirSync(lib).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(lib, v, 'bin/pgbench')).find((p) => existsSync(p));
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const stop = defer(async () => void child.kill('SIGKILL'));
    child.once('error', (err) => {
      clearTimeout(timer);
      void stop();
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      void stop();
      if (code === 0) resolve(out);
      else reject(new Error(`${args[0] === '-i' ? 'pgbench -i' : 'pgbench'} exited ${code ?? signal}: ${out.trim().split('\n').slice(-2).join(' ')}`));
    });
  });
}

/** "tps = N (without initial connection time)" on PostgreSQL 14+; older versions print "excluding connections establishing" too. */
export function parseTps(output: string): number {
  const lines = [...output.matchAll(/^tps = ([\d.]+)(.*)$/gm)];
  const best = lines.find((m) => /excluding|without initial/.test(m[2]!)) ?? lines[0];
  if (!best) throw new Error(`no "tps = …" line in pgbench output: ${output.trim().split('\n').slice(-3).join(' ')}`);
  return Number(best[1]);
}

/** Single-row primary-key UPDATEs on a scratch database: the ceiling a one-row-write claim could reach. */
export async function pgbenchUpdateTps(bin: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'gridcall-pgbench-'));
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await dropDb?.();
    await rm(dir, { recursive: true, force: true });
  });
  try {
    const db = await createBenchDatabase();
    dropDb = db.drop;
    const u = new URL(db.url);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGHOST: u.hostname,
      PGPORT: u.port || '5432',
      PGUSER: decodeURIComponent(u.username) || 'postgres',
      PGDATABASE: db.name,
      PGCONNECT_TIMEOUT: '5'
    };
    if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
    const script = join(dir, 'update.sql');
    const accounts = 100_000 * PGBENCH.scale;
    await writeFile(script, `\\set aid random(1, ${accounts})\nUPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n`);
    await run(bin, ['-i', '-s', String(PGBENCH.scale), '-q', db.name], env, 60_000);
    const out = await run(
      bin,
      ['-c', String(PGBENCH.clients), '-j', String(PGBENCH.threads), '-T', String(PGBENCH.seconds), '-n', '-f', script, db.name],
      env,
      (PGBENCH.seconds + 30) * 1000
    );
    return oneDecimal(parseTps(out));
  } finally {
    await cleanup();
  }
}
