import ExcelJS from 'exceljs';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { SKILLS } from '$lib/types';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { scopePaths } from '../org/scope';
import { KIND_COLUMNS, columnLabel, type ColumnKey } from './import-columns';
import { educationChoices } from './import-values';
import { communitiesInScope, gridsInScope } from './queries';
import type { ImportKind } from './schema';

const WIDTH: Partial<Record<ColumnKey, number>> = { name: 14, phone: 15, email: 26, leaveReason: 24, skills: 24, bankLast4: 14 };

/**
 * The import template: the data sheet (headers, required ones marked *, an example row that is
 * never imported, every cell formatted as text so Excel keeps phones and dates as typed) and a
 * notes sheet with the rules and the units the HR user may import into.
 */
export async function importTemplate(db: Db, actor: Actor, kind: ImportKind, locale: Locale): Promise<Buffer> {
  const t = (key: MessageKey, params?: Record<string, string>) => translate(locale, key, params);
  const paths = scopePaths(actor, ['hr']);
  const grids = kind === 'workers' ? await gridsInScope(db, paths) : [];
  const communities = kind === 'volunteers' ? await communitiesInScope(db, paths) : [];
  const first = grids[0];
  const firstCommunity = communities[0];

  const example: Record<ColumnKey, string> = {
    name: t('workforce.template.exampleName'),
    phone: '13800138000',
    email: 'zhangxm@example.cn',
    street: first?.streetName ?? firstCommunity?.streetName ?? '',
    community: first?.communityName ?? firstCommunity?.name ?? '',
    grid: first?.name ?? '',
    position: t('workforce.template.examplePosition'),
    hireDate: '2024-03-01',
    education: translate(locale, 'education.college'),
    bankLast4: '0123',
    leaveDate: '',
    leaveReason: '',
    skills: [SKILLS[0], SKILLS[1]].map((s) => translate(locale, `skill.${s}`)).join('、')
  };

  const workbook = new ExcelJS.Workbook();
  workbook.creator = translate(locale, 'app.name');
  const columns = KIND_COLUMNS[kind];
  const sheet = workbook.addWorksheet(t(`workforce.template.sheet.${kind}`), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: `${t(columnLabel(c.key))}${c.required ? '*' : ''}`,
    key: c.key,
    width: WIDTH[c.key] ?? 12,
    style: { numFmt: '@' }
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, example[c.key]])));
  sheet.getRow(2).font = { italic: true, color: { argb: 'FF666666' } };
  const educationCol = columns.findIndex((c) => c.key === 'education') + 1;
  const choices = educationChoices(locale).split(translate(locale, 'app.listSeparator'));
  for (let r = 2; r <= 2001; r++) {
    sheet.getCell(r, educationCol).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${choices.join(',')}"`] };
  }

  const notes = workbook.addWorksheet(t('workforce.template.sheet.notes'));
  notes.getColumn(1).width = 110;
  const kindName = t(`workforce.import.kind.${kind}`);
  const lines: string[] = [
    t('workforce.template.note.oneRow'),
    t('workforce.template.note.required'),
    t('workforce.template.note.example'),
    t('workforce.template.note.phone'),
    t(kind === 'workers' ? 'workforce.template.note.units' : 'workforce.template.note.unitsVolunteer'),
    ...(kind === 'workers'
      ? [t('workforce.template.note.position'), t('workforce.template.note.dates'), t('workforce.template.note.leave'), t('workforce.template.note.bank')]
      : [t('workforce.template.note.skills', { choices: SKILLS.map((s) => translate(locale, `skill.${s}`)).join('、') })]),
    t('workforce.template.note.education', { choices: educationChoices(locale) }),
    t('workforce.template.note.allOrNothing'),
    t('workforce.template.note.password')
  ];
  notes.addRow([t('workforce.template.notesTitle', { kind: kindName })]).font = { bold: true, size: 14 };
  lines.forEach((line, i) => (notes.addRow([`${i + 1}. ${line}`]).alignment = { wrapText: true, vertical: 'top' }));
  notes.addRow([]);
  notes.addRow([t('workforce.template.unitsTitle')]).font = { bold: true };
  notes.addRow([t('workforce.template.unitsHeader')]).font = { italic: true };
  const units = kind === 'workers' ? grids.map((g) => `${g.streetName} / ${g.communityName} / ${g.name}`) : communities.map((c) => `${c.streetName} / ${c.name}`);
  for (const u of units) notes.addRow([u]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
