import ExcelJS from 'exceljs';
import { parseCsv } from './csv';
import { unpackedSize } from './zip-budget';

/** Bigger files are refused before they are decoded, with a message saying so. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** More rows than a street office has people; beyond it the file is split, not imported. */
export const MAX_IMPORT_ROWS = 20_000;

/** A cell as read: text, a date (from an Excel date cell) or a number. */
export type RawCell = string | number | Date | null;

export interface SheetRows {
  format: 'xlsx' | 'csv';
  /** Row 1 of the sheet, as written. */
  headers: string[];
  /** Rows below the header that have anything in them; `row` is the number the spreadsheet shows. */
  rows: { row: number; cells: RawCell[] }[];
}

export type FileProblem =
  | { problem: 'tooLarge'; bytes: number }
  | { problem: 'unpackedTooLarge' }
  | { problem: 'notSpreadsheet' }
  | { problem: 'xls' }
  | { problem: 'damaged' }
  | { problem: 'empty' };

/** Decoded size of a base64 string, without decoding it. */
export function base64Bytes(b64: string): number {
  const clean = b64.replace(/[^A-Za-z0-9+/=]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// The old binary Excel (.xls) and other OLE2 compound files.
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (buf: Uint8Array, magic: number[]) => magic.every((b, i) => buf[i] === b);

/**
 * Text of a CSV file: UTF-8 with or without BOM, or GB18030 as Excel in Chinese saves "CSV (逗号分隔)".
 * Binary content (control characters other than tab and line ends) is not CSV, whatever it decodes as.
 */
function csvText(buf: Uint8Array): string | null {
  let text: string | null = null;
  for (const encoding of ['utf-8', 'gb18030']) {
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(buf);
      break;
    } catch {
      // try the next encoding
    }
  }
  if (text === null) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return null;
  return text;
}

function cellValue(value: ExcelJS.CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value as unknown);
}

const blank = (c: RawCell) => c === null || (typeof c === 'string' && c.trim() === '');

async function readXlsx(buf: Buffer): Promise<SheetRows | FileProblem> {
  const unpacked = unpackedSize(buf);
  if (unpacked !== 'ok') return { problem: unpacked === 'tooLarge' ? 'unpackedTooLarge' : 'damaged' };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    return { problem: 'damaged' };
  }
  // The data is on the first sheet; the template's notes sheet comes after it.
  const sheet = workbook.worksheets[0];
  if (!sheet) return { problem: 'empty' };
  const headers: string[] = [];
  const rows: SheetRows['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (r, number) => {
    const values = r.values as ExcelJS.CellValue[];
    // exceljs rows are 1-based: values[0] is always empty.
    const cells = values.slice(1).map(cellValue);
    if (number === 1) {
      cells.forEach((c, i) => (headers[i] = c === null ? '' : String(c instanceof Date ? c.toISOString() : c).trim()));
      return;
    }
    if (!cells.every(blank)) rows.push({ row: number, cells });
  });
  return { format: 'xlsx', headers: Array.from(headers, (h) => h ?? ''), rows };
}

function readCsv(text: string): SheetRows {
  const records = parseCsv(text);
  const [head, ...body] = records;
  const rows: SheetRows['rows'] = [];
  body.forEach((cells, i) => {
    if (!cells.every((c) => c.trim() === '')) rows.push({ row: i + 2, cells });
  });
  return { format: 'csv', headers: (head ?? []).map((h) => h.trim()), rows };
}

/** Decides by content, not by the file's name, what the file is, and reads its first sheet. */
export async function readSpreadsheet(contentBase64: string): Promise<SheetRows | FileProblem> {
  const bytes = base64Bytes(contentBase64);
  if (bytes > MAX_IMPORT_BYTES) return { problem: 'tooLarge', bytes };
  const buf = Buffer.from(contentBase64, 'base64');
  if (buf.length === 0) return { problem: 'empty' };
  if (startsWith(buf, ZIP)) return readXlsx(buf);
  if (startsWith(buf, OLE)) return { problem: 'xls' };
  const text = csvText(buf);
  if (text === null) return { problem: 'notSpreadsheet' };
  return readCsv(text);
}

export const isProblem = (r: SheetRows | FileProblem): r is FileProblem => 'problem' in r;
