import type { MessageKey, Params } from '$lib/i18n';
import type { Education, Skill } from '$lib/types';
import type { SheetRows } from './import-file';
import type { ColumnKey, ColumnMap } from './import-columns';
import { cellText, parseDay, parseEducation, parseEmail, parsePhone, parseSkills } from './import-values';
import type { ImportKind } from './schema';

/** One problem in one cell, said later in the caller's language. */
export interface RowProblem {
  row: number;
  column: ColumnKey;
  key: MessageKey;
  params?: Params;
}

interface Person {
  row: number;
  name: string;
  phone: string;
  email: string | null;
  communityId: string;
  education: Education | null;
}
export interface WorkerRecord extends Person {
  gridId: string;
  position: string;
  hireDate: string;
  bankLast4: string | null;
  leaveDate: string | null;
  leaveReason: string | null;
}
export interface VolunteerRecord extends Person {
  skills: Skill[];
}

/** The units in the importer's reach, looked up once per file. */
export interface UnitDirectory {
  streets: { id: string; name: string }[];
  communities: { id: string; name: string; streetId: string }[];
  grids: { id: string; name: string; communityId: string }[];
}

/** Phones and e-mails that already have an account, looked up once per file. */
export interface Taken {
  phones: Set<string>;
  emails: Set<string>;
}

/** The template's example row says 示例 in its name column and is never imported. */
export const EXAMPLE_MARK = '示例';

export const DEFAULT_POSITION = '网格员';

function unitResolver(units: UnitDirectory) {
  const byName = <T extends { name: string }>(list: T[]) => {
    const map = new Map<string, T[]>();
    for (const u of list) map.set(u.name, [...(map.get(u.name) ?? []), u]);
    return map;
  };
  const streets = byName(units.streets);
  const communities = byName(units.communities);
  const gridsOf = new Map<string, UnitDirectory['grids']>();
  for (const g of units.grids) gridsOf.set(g.communityId, [...(gridsOf.get(g.communityId) ?? []), g]);
  const communityById = new Map(units.communities.map((c) => [c.id, c]));
  // "湖滨社区第一网格": a grid also goes by its community's name followed by its own.
  const gridsByFullName = byName(units.grids.map((g) => ({ ...g, name: `${communityById.get(g.communityId)?.name ?? ''}${g.name}` })));

  type Found<T> = { ok: T } | { problem: Omit<RowProblem, 'row'> };

  function community(streetName: string, name: string): Found<{ id: string; name: string; streetId: string }> {
    let streetIds: Set<string> | undefined;
    if (streetName) {
      const s = streets.get(streetName);
      if (!s) return { problem: { column: 'street', key: 'workforce.import.err.street', params: { value: streetName } } };
      streetIds = new Set(s.map((x) => x.id));
    }
    const found = (communities.get(name) ?? []).filter((c) => !streetIds || streetIds.has(c.streetId));
    if (found.length === 1) return { ok: found[0]! };
    if (found.length === 0) return { problem: { column: 'community', key: 'workforce.import.err.community', params: { value: name } } };
    return { problem: { column: 'street', key: 'workforce.import.err.communityAmbiguous', params: { value: name } } };
  }

  function grid(streetName: string, communityName: string, name: string): Found<{ id: string; communityId: string }> {
    if (!communityName) {
      // Only the grid's full name was given ("湖滨社区第一网格").
      const found = gridsByFullName.get(name) ?? [];
      if (found.length === 1) return { ok: found[0]! };
      return { problem: { column: 'community', key: 'workforce.import.err.missing' } };
    }
    const c = community(streetName, communityName);
    if ('problem' in c) return c;
    const found = (gridsOf.get(c.ok.id) ?? []).filter((g) => g.name === name || `${c.ok.name}${g.name}` === name);
    if (found.length === 1) return { ok: found[0]! };
    return { problem: { column: 'grid', key: 'workforce.import.err.grid', params: { value: name, community: c.ok.name } } };
  }

  return { community, grid };
}

export interface Checked<R> {
  records: R[];
  problems: RowProblem[];
  /** Rows that count: the example row is left out. */
  rows: number;
}

/**
 * Checks every row against the rules the database and the forms hold (required cells, phone and
 * e-mail formats, units in reach, dates, both-or-neither leave fields), and against each other and
 * existing accounts (a phone or e-mail only once). Every problem is reported, not only the first.
 */
export function checkRows(kind: ImportKind, sheet: SheetRows, columns: ColumnMap, units: UnitDirectory, taken: Taken): Checked<WorkerRecord | VolunteerRecord> {
  const resolve = unitResolver(units);
  const problems: RowProblem[] = [];
  const records: (WorkerRecord | VolunteerRecord)[] = [];
  const phoneRow = new Map<string, number>();
  const emailRow = new Map<string, number>();
  let counted = 0;

  for (const { row, cells } of sheet.rows) {
    const raw = (key: ColumnKey) => {
      const c = columns.found.get(key);
      return c ? cells[c.index] : undefined;
    };
    const text = (key: ColumnKey) => cellText(raw(key));
    const name = text('name');
    if (name.startsWith(EXAMPLE_MARK)) continue;
    counted++;
    const before = problems.length;
    const problem = (column: ColumnKey, key: MessageKey, params?: Params) => problems.push({ row, column, key, params });
    const required = (key: ColumnKey) => {
      const v = text(key);
      if (!v) problem(key, 'workforce.import.err.missing');
      return v;
    };

    if (!name) problem('name', 'workforce.import.err.missing');
    else if (name.length > 40) problem('name', 'workforce.import.err.tooLong', { max: 40 });

    const phoneText = required('phone');
    const phone = phoneText ? parsePhone(phoneText) : null;
    if (phoneText && !phone) problem('phone', 'workforce.import.err.phone', { value: phoneText });
    if (phone) {
      const first = phoneRow.get(phone);
      if (first !== undefined) problem('phone', 'workforce.import.err.phoneDuplicate', { row: first });
      else if (taken.phones.has(phone)) problem('phone', 'workforce.import.err.phoneTaken', { value: phone });
      if (first === undefined) phoneRow.set(phone, row);
    }

    const emailText = text('email');
    const email = emailText ? parseEmail(emailText) : null;
    if (emailText && !email) problem('email', 'workforce.import.err.email', { value: emailText });
    if (email) {
      const first = emailRow.get(email);
      if (first !== undefined) problem('email', 'workforce.import.err.emailDuplicate', { row: first });
      else if (taken.emails.has(email)) problem('email', 'workforce.import.err.emailTaken', { value: email });
      if (first === undefined) emailRow.set(email, row);
    }

    const educationText = text('education');
    const education = parseEducation(educationText);
    if (education === null) problem('education', 'workforce.import.err.education', { value: educationText });

    const street = text('street');
    const communityName = text('community');

    if (kind === 'volunteers') {
      let communityId = '';
      if (!communityName) problem('community', 'workforce.import.err.missing');
      else {
        const c = resolve.community(street, communityName);
        if ('problem' in c) problems.push({ row, ...c.problem });
        else communityId = c.ok.id;
      }
      const { skills, unknown } = parseSkills(text('skills'));
      if (unknown.length) problem('skills', 'workforce.import.err.skill', { value: unknown.join('、') });
      if (problems.length === before) records.push({ row, name, phone: phone!, email, communityId, education: education ?? null, skills });
      continue;
    }

    let gridId = '';
    let communityId = '';
    const gridName = required('grid');
    if (gridName) {
      const g = resolve.grid(street, communityName, gridName);
      if ('problem' in g) problems.push({ row, ...g.problem });
      else [gridId, communityId] = [g.ok.id, g.ok.communityId];
    } else if (!communityName) problem('community', 'workforce.import.err.missing');

    const position = text('position') || DEFAULT_POSITION;
    if (position.length > 30) problem('position', 'workforce.import.err.tooLong', { max: 30 });

    const hireText = required('hireDate');
    const hireDate = hireText ? parseDay(raw('hireDate')) : null;
    if (hireText && !hireDate) problem('hireDate', 'workforce.import.err.date', { value: hireText });

    const bankText = text('bankLast4');
    // A number cell drops leading zeros: 0123 arrives as 123.
    const bankLast4 = !bankText ? null : typeof raw('bankLast4') === 'number' && /^\d{1,4}$/.test(bankText) ? bankText.padStart(4, '0') : bankText;
    if (bankLast4 && !/^\d{4}$/.test(bankLast4)) problem('bankLast4', 'workforce.import.err.bankLast4', { value: bankText });

    const leaveText = text('leaveDate');
    const leaveDate = leaveText ? parseDay(raw('leaveDate')) : null;
    const leaveReason = text('leaveReason') || null;
    if (leaveText && !leaveDate) problem('leaveDate', 'workforce.import.err.date', { value: leaveText });
    if (leaveDate && hireDate && leaveDate < hireDate) problem('leaveDate', 'workforce.import.err.leaveBeforeHire', { leave: leaveDate, hire: hireDate });
    if (leaveText && !leaveReason) problem('leaveReason', 'workforce.import.err.leaveReasonRequired');
    if (leaveReason && !leaveText) problem('leaveDate', 'workforce.import.err.leaveDateRequired');
    if (leaveReason && leaveReason.length > 200) problem('leaveReason', 'workforce.import.err.tooLong', { max: 200 });

    if (problems.length === before) {
      records.push({
        row, name, phone: phone!, email, communityId, education: education ?? null, gridId, position, hireDate: hireDate!,
        bankLast4, leaveDate, leaveReason
      });
    }
  }
  return { records, problems, rows: counted };
}

