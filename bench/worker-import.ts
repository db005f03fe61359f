import { toXlsx, workerRows } from '../src/lib/server/worker/sample-files';
import { DEMO, portal } from './portal';
import { withSeededServer, type Kind } from './seeded';
import { oneDecimal } from './stats';

export const IMPORT_ROWS = 3200;
const TIMEOUT_MS = 120_000;

export interface WorkerImportResult {
  /** Preview and commit together, each from the first byte sent to the last byte received. */
  ms: number;
  previewMs: number;
  commitMs: number;
  /** Size of the .xlsx uploaded (twice: preview, then commit). */
  fileBytes: number;
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
 * The built server importing a generated 3,200-row .xlsx of workers for the demo HR user of 城东区
 * (whose district holds the file's grids) through worker.import over HTTP: a preview (check only),
 * then the commit; fresh PGlite dir or PostgreSQL db.
 */
export async function workerImport(kind: Kind): Promise<WorkerImportResult> {
  const file = await toXlsx(workerRows(IMPORT_ROWS));
  const input = (commit: boolean) => ({ kind: 'workers', fileName: 'bench.xlsx', contentBase64: file.toString('base64'), commit });
  return withSeededServer(kind, {}, async (server) => {
    const hr = await portal(server.url, TIMEOUT_MS).login(DEMO.hr);
    const preview = await hr.mutate<Report>('worker.import', input(false));
    check(preview.data, false);
    const commit = await hr.mutate<Report>('worker.import', input(true));
    check(commit.data, true);
    return { ms: oneDecimal(preview.ms + commit.ms), previewMs: oneDecimal(preview.ms), commitMs: oneDecimal(commit.ms), fileBytes: file.length };
  });
}
