import { translate, type Locale, type MessageKey, type Params } from '$lib/i18n';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { scopePaths } from '../org/scope';
import { columnLabel, mapColumns } from './import-columns';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, isProblem, readSpreadsheet, type FileProblem } from './import-file';
import { MAX_UNPACKED_BYTES } from './zip-budget';
import { checkRows, type RowProblem, type Taken, type UnitDirectory, type VolunteerRecord, type WorkerRecord } from './import-rows';
import { cellText, educationChoices, parseEmail, parsePhone } from './import-values';
import { gridsInScope, communitiesInScope, takenContacts } from './queries';
import { NO_PASSWORD } from './no-password';
import type { ImportInput, ImportKind } from './schema';

/** A report lists this many problems at most; the count says how many there are in all. */
export const MAX_REPORTED = 500;
/** One multi-row INSERT per this many rows: few round trips, well under PostgreSQL's 65,535 parameters. */
const BATCH = 500;

export interface ImportProblem {
  /** The row number the spreadsheet shows (the header is row 1). */
  row: number;
  /** The column's header as the file writes it. */
  column: string;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  fileName: string;
  format: 'xlsx' | 'csv' | null;
  /** Set when the file as a whole cannot be read or imported; then there are no row problems. */
  fileError: string | null;
  rows: number;
  validRows: number;
  errorCount: number;
  errors: ImportProblem[];
  committed: boolean;
  imported: number;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function fileProblemMessage(locale: Locale, p: FileProblem): string {
  switch (p.problem) {
    case 'tooLarge':
      return translate(locale, 'workforce.import.file.tooLarge', { size: megabytes(p.bytes), max: megabytes(MAX_IMPORT_BYTES) });
    case 'unpackedTooLarge':
      return translate(locale, 'workforce.import.file.unpackedTooLarge', { max: megabytes(MAX_UNPACKED_BYTES) });
    case 'xls':
      return translate(locale, 'workforce.import.file.xls');
    case 'damaged':
      return translate(locale, 'workforce.import.file.damaged');
    case 'empty':
      return translate(locale, 'workforce.import.file.empty');
    default:
      return translate(locale, 'workforce.import.file.notSpreadsheet');
  }
}

async function unitDirectory(db: Db, actor: Actor, kind: ImportKind): Promise<UnitDirectory> {
  const paths = scopePaths(actor, ['hr']);
  const streets = new Map<string, { id: string; name: string }>();
  const communities = new Map<string, { id: string; name: string; streetId: string }>();
  const grids: UnitDirectory['grids'] = [];
  if (kind === 'workers') {
    for (const g of await gridsInScope(db, paths)) {
      streets.set(g.streetId, { id: g.streetId, name: g.streetName });
      communities.set(g.communityId, { id: g.communityId, name: g.communityName, streetId: g.streetId });
      grids.push({ id: g.id, name: g.name, communityId: g.communityId });
    }
  } else {
    for (const c of await communitiesInScope(db, paths)) {
      streets.set(c.streetId, { id: c.streetId, name: c.streetName });
      communities.set(c.id, c);
    }
  }
  return { streets: [...streets.values()], communities: [...communities.values()], grids };
}

async function insertAll(db: Db, actor: Actor, kind: ImportKind, records: (WorkerRecord | VolunteerRecord)[], fileName: string, requestId?: string) {
  await db.transaction().execute(async (trx) => {
    const byCommunity = new Map<string, string[]>();
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH);
      const users = await trx
        .insertInto('appUser')
        .values(batch.map((r) => ({
          name: r.name, phone: r.phone, email: r.email, passwordHash: NO_PASSWORD, homeCommunityId: r.communityId,
          education: r.education, skills: 'skills' in r ? r.skills : []
        })))
        .returning(['id', 'phone'])
        .execute();
      const idOf = new Map(users.map((u) => [u.phone!, u.id]));
      const id = (r: { phone: string }) => idOf.get(r.phone)!;
      for (const r of batch) byCommunity.set(r.communityId, [...(byCommunity.get(r.communityId) ?? []), id(r)]);
      if (kind === 'workers') {
        const workers = batch as WorkerRecord[];
        await trx.insertInto('membership').values(workers.map((r) => ({ userId: id(r), role: 'grid_worker' as const, orgUnitId: r.gridId, grantedBy: actor.userId }))).execute();
        await trx
          .insertInto('worker')
          .values(workers.map((r) => ({
            userId: id(r), gridId: r.gridId, position: r.position, hireDate: r.hireDate, leaveDate: r.leaveDate, leaveReason: r.leaveReason, bankLast4: r.bankLast4
          })))
          .execute();
      } else {
        await trx.insertInto('membership').values(batch.map((r) => ({ userId: id(r), role: 'volunteer' as const, orgUnitId: r.communityId, grantedBy: actor.userId }))).execute();
      }
    }
    // One entry per community, so each unit's log shows who was added there, and by which file.
    for (const [communityId, userIds] of byCommunity) {
      await audit(trx, {
        actorId: actor.userId,
        action: kind === 'workers' ? 'worker.import' : 'volunteer.import',
        targetType: 'org_unit',
        targetId: communityId,
        orgUnitId: communityId,
        detail: { fileName, count: userIds.length, userIds },
        requestId
      });
    }
  });
}

/**
 * Reads a worker or volunteer file, checks every row and reports each problem in the caller's
 * language. With `commit`, imports all rows in one transaction, or none when any row has a problem.
 * Accounts made here have no password (NO_PASSWORD): each person sets one before logging in.
 */
export async function importPeople(db: Db, actor: Actor, input: ImportInput, meta: { locale: Locale; requestId?: string }): Promise<ImportReport> {
  const { locale } = meta;
  const report: ImportReport = {
    kind: input.kind, fileName: input.fileName, format: null, fileError: null,
    rows: 0, validRows: 0, errorCount: 0, errors: [], committed: false, imported: 0
  };
  const fail = (key: MessageKey, params?: Params) => ({ ...report, fileError: translate(locale, key, params) });

  const sheet = await readSpreadsheet(input.contentBase64);
  if (isProblem(sheet)) return { ...report, fileError: fileProblemMessage(locale, sheet) };
  report.format = sheet.format;
  if (sheet.headers.every((h) => !h) && sheet.rows.length === 0) return fail('workforce.import.file.empty');

  const columns = mapColumns(input.kind, sheet.headers);
  if (columns.missing.length) {
    return fail('workforce.import.file.headers', {
      columns: columns.missing.map((k) => translate(locale, columnLabel(k))).join(translate(locale, 'app.listSeparator'))
    });
  }
  if (sheet.rows.length > MAX_IMPORT_ROWS) return fail('workforce.import.file.tooManyRows', { rows: sheet.rows.length, max: MAX_IMPORT_ROWS });

  const units = await unitDirectory(db, actor, input.kind);
  const phoneCol = columns.found.get('phone')!.index;
  const emailCol = columns.found.get('email')?.index;
  const parsed = <T>(col: number | undefined, parse: (text: string) => T | null) =>
    col === undefined ? [] : sheet.rows.map((r) => parse(cellText(r.cells[col]))).filter((v): v is T => v !== null);
  const taken: Taken = await takenContacts(db, parsed(phoneCol, parsePhone), parsed(emailCol, parseEmail));
  const checked = checkRows(input.kind, sheet, columns, units, taken);
  report.rows = checked.rows;
  if (checked.rows === 0) return fail('workforce.import.file.empty');
  report.validRows = checked.records.length;
  report.errorCount = checked.problems.length;
  report.errors = checked.problems.slice(0, MAX_REPORTED).map((p) => describe(p, columns.found, locale));

  if (!input.commit) return report;
  if (checked.problems.length) return { ...report, fileError: translate(locale, 'workforce.import.file.hasErrors', { count: checked.problems.length }) };
  try {
    await insertAll(db, actor, input.kind, checked.records, input.fileName, meta.requestId);
  } catch (err) {
    // Someone registered one of these phones or e-mails between the check and the insert.
    if (isUniqueViolation(err)) return fail('workforce.import.file.raced');
    throw err;
  }
  return { ...report, committed: true, imported: checked.records.length };
}

function describe(p: RowProblem, found: ReturnType<typeof mapColumns>['found'], locale: Locale): ImportProblem {
  const params = p.key === 'workforce.import.err.education' ? { ...p.params, choices: educationChoices(locale) } : p.params;
  return {
    row: p.row,
    column: found.get(p.column)?.header || translate(locale, columnLabel(p.column)),
    message: translate(locale, p.key, params)
  };
}
