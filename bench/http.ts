import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDataDir, startServer } from '../tests/support/server';
import { defer } from './cleanup';
import { percentile, oneDecimal } from './stats';

export const WARMUP = 50;
export const REQUESTS = 500;
const TIMEOUT_MS = 10_000;

// The demo volunteer from src/lib/server/seed/demo.ts, not imported: that module needs the $lib alias,
// which tsx only resolves once `svelte-kit sync` has run.
const VOLUNTEER = { identifier: '13800000005', password: 'Gridcall2026' };

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(VOLUNTEER),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  if (!res.ok) throw new Error(`auth.login answered ${res.status}: ${await res.text()}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  if (!session) throw new Error('auth.login set no gc_session cookie');
  return session.split(';')[0]!;
}

async function me(url: string, cookie: string): Promise<void> {
  const res = await fetch(`${url}/api/trpc/auth.me`, { headers: { cookie }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const body = (await res.json()) as { result?: { data?: { userId?: string } } };
  if (!res.ok || !body.result?.data?.userId) throw new Error(`auth.me answered ${res.status}: ${JSON.stringify(body)}`);
}

/** Sequential round trips of auth.me after logging in; keep-alive as a browser would. */
async function measure(url: string): Promise<{ p50: number; p95: number }> {
  const cookie = await login(url);
  for (let i = 0; i < WARMUP; i++) await me(url, cookie);
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    await me(url, cookie);
    samples.push(performance.now() - start);
  }
  return { p50: oneDecimal(percentile(samples, 50)), p95: oneDecimal(percentile(samples, 95)) };
}

/** Starts the built server on a fresh temp directory (plus `env`), measures, and stops it. */
export async function roundTrip(env: Record<string, string> = {}): Promise<{ p50: number; p95: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let stopServer: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await stopServer?.();
    await removeDataDir(dataDir);
  });
  try {
    const server = await startServer(env, { dataDir });
    stopServer = server.stop;
    try {
      return await measure(server.url);
    } catch (err) {
      const cause = (err as Error).cause as Error | undefined;
      const log = server.output().trim().split('\n').slice(-5).join('\n');
      throw new Error(`${(err as Error).message}${cause ? ` (${cause.message})` : ''}; server exit code ${server.process.exitCode}, last output:\n${log}`);
    }
  } finally {
    await cleanup();
  }
}
