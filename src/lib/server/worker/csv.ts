/**
 * CSV as RFC 4180 writes it (quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF).
 * Every field stays text: a phone number or a date is read as written, never guessed into a number
 * or a time in the server's zone. The separator is a comma, or a tab or semicolon when the header
 * line has more of those (Excel in some locales saves so).
 */
export function parseCsv(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const);
  const separator = counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];

  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) endField();
    else if (ch === '\n') endRecord();
    else if (ch === '\r') {
      if (text[i + 1] !== '\n') endRecord();
    } else field += ch;
    i++;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** One CSV line, quoted where needed; for tests and the bench that write files to import. */
export function csvLine(fields: (string | number | null | undefined)[]): string {
  return fields
    .map((f) => {
      const s = f === null || f === undefined ? '' : String(f);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
