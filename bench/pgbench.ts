// The ceiling a one-row-write claim could reach on this machine, for signup.ratio_to_pgbench.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal } from './stats';

export const PGBENCH = { clients: 50, threads: 2, seconds: 10, scale: 1 } as const;

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
