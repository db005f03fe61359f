import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDataDir, startServer, type RunningServer } from '../tests/support/server';
import { toXlsx, workerRows } from '../src/lib/server/worker/sample-files';
import { defer } from './cleanup';
import { createBenchDatabase } from './postgres';
import { oneDecimal } from './stats';

export const IMPORT_ROWS = 3200;
const TIMEOUT_MS = 120_000;
// The demo HR user (src/lib/server/seed/demo.ts), whose district 城东区 holds the file's grids.
const HR = { identifier: '13800000002', password: 'Gridcall2026' };

export interface WorkerImportResult {
  /** Preview and commit together, each from the first byte sent to the last byte received. */
  ms: number;
  previewMs: number;
  commitMs: number;
  /** Size of the .xlsx uploaded (twice: preview, then commit). */
  fileBytes: number;
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(HR),
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  if (!res.ok) throw new Error(`auth.login answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('gc_session='));
  if (!session) throw new Error('auth.login set no gc_session cookie');
  return session.split(';')[0]!;
}

interface Report {
  fileError: string | null;
  rows: number;
  validRows: number;
  errorCount: number;
  errors: { row: number; column: string; message: string }[];
  committed: boolean;
  imported: number;
}

async function post(url: string, cookie: string, body: string): Promise<{ ms: number; report: Report }> {
  const start = performance.now();
  const res = await fetch(`${url}/api/trpc/worker.import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS)
  });
  const text = await res.text();
  const ms = performance.now() - start;
  const report = (JSON.parse(text) as { result?: { data?: Report } }).result?.data;
  if (res.status !== 200 || !report) throw new Error(`worker.import answered ${res.status}: ${text.slice(0, 200)}`);
  return { ms, report };
}

/** A fast wrong answer is no figure: every row must pass the check, and then be imported. */
function check(report: Report, commit: boolean): void {
  const ok = commit
    ? report.committed && report.imported === IMPORT_ROWS
    : report.fileError === null && report.rows === IMPORT_ROWS && report.validRows === IMPORT_ROWS && report.errorCount === 0;
  if (!ok) {
    const first = report.fileError ?? report.errors.slice(0, 2).map((e) => `row ${e.row} ${e.column}: ${e.message}`).join('; ');
    throw new Error(`${commit ? 'commit' : 'preview'} of ${IMPORT_ROWS} rows: rows ${report.rows}, valid ${report.validRows}, imported ${report.imported}; ${first}`);
  }
}

/**
 * The built server importing a generated 3,200-row .xlsx of workers for the demo HR user through
 * worker.import over HTTP: a preview (check only), then the commit; fresh PGlite dir or PostgreSQL db.
 */
export async function workerImport(kind: 'pglite' | 'postgres'): Promise<WorkerImportResult> {
  const file = await toXlsx(workerRows(IMPORT_ROWS));
  const body = (commit: boolean) => JSON.stringify({ kind: 'workers', fileName: 'bench.xlsx', contentBase64: file.toString('base64'), commit });
  const dataDir = await mkdtemp(join(tmpdir(), 'gridcall-bench-'));
  let server: RunningServer | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  const cleanup = defer(async () => {
    await server?.stop();
    await dropDb?.();
    await removeDataDir(dataDir);
  });
  try {
    if (kind === 'postgres') {
      const db = await createBenchDatabase();
      dropDb = db.drop;
      server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: '1' }, { dataDir });
    } else {
      server = await startServer({ DATABASE_URL: '', SEED_DEMO: '1' }, { dataDir });
    }
    try {
      const cookie = await login(server.url);
      const preview = await post(server.url, cookie, body(false));
      check(preview.report, false);
      const commit = await post(server.url, cookie, body(true));
      check(commit.report, true);
      return { ms: oneDecimal(preview.ms + commit.ms), previewMs: oneDecimal(preview.ms), commitMs: oneDecimal(commit.ms), fileBytes: file.length };
    } catch (err) {
      const log = server.output().trim().split('\n').slice(-5).join('\n');
      throw new Error(`${(err as Error).message}; server exit code ${server.process.exitCode}, last output:\n${log}`, { cause: (err as Error).cause });
    }
  } finally {
    await cleanup();
  }
}
