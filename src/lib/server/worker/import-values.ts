import { translate } from '$lib/i18n';
import { EDUCATION_LEVELS, LOCALES, SKILLS, type Education, type Skill } from '$lib/types';
import { Email, Phone } from '../auth/schema';
import type { RawCell } from './import-file';

/** A cell as text: numbers as written (13800138000, not 1.38e10), dates as YYYY-MM-DD. */
export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return cell.trim();
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDay(y: number, m: number, d: number): string | null {
  if (y < 1950 || y > 2100) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

// Excel counts days from 1899-12-30 (keeping Lotus's leap-year bug before March 1900, long past).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A calendar day from what people type or Excel stores: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日,
 * 20240301, an Excel date cell (exceljs gives it as UTC midnight) or a bare Excel day number.
 */
export function parseDay(cell: RawCell | undefined): string | null {
  if (cell instanceof Date) {
    return isNaN(cell.getTime()) ? null : validDay(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 18000 || cell > 80000) return null;
    const t = new Date(EXCEL_EPOCH + cell * 86_400_000);
    return validDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const text = cellText(cell).replace(/[T\s]+\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, '');
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? validDay(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

export function parsePhone(text: string): string | null {
  const r = Phone.safeParse(text);
  return r.success ? r.data : null;
}

export function parseEmail(text: string): string | null {
  const r = Email.safeParse(text);
  return r.success ? r.data : null;
}

const fold = (s: string) => s.replace(/\s/g, '').toLowerCase();

function lookupTable<T extends string>(codes: readonly T[], label: (code: T) => `${string}.${T}`, extra: Record<string, T>): Map<string, T> {
  const table = new Map<string, T>();
  for (const code of codes) {
    table.set(fold(code), code);
    for (const l of LOCALES) table.set(fold(translate(l, label(code) as Parameters<typeof translate>[1])), code);
  }
  for (const [k, v] of Object.entries(extra)) table.set(fold(k), v);
  return table;
}

const EDUCATION = lookupTable(EDUCATION_LEVELS, (c) => `education.${c}`, {
  小学: 'junior', 初中: 'junior', 高中及以下: 'senior', 职高: 'vocational', 技校: 'vocational', 中职: 'vocational',
  专科: 'college', 大学专科: 'college', 高职: 'college', 大学本科: 'bachelor', 学士: 'bachelor', 研究生: 'master', 硕士研究生: 'master', 博士研究生: 'doctorate'
});

export const educationChoices = (locale: (typeof LOCALES)[number]) =>
  EDUCATION_LEVELS.map((e) => translate(locale, `education.${e}`)).join(translate(locale, 'app.listSeparator'));

/** undefined: not given; null: given but not a level we know. */
export function parseEducation(text: string): Education | null | undefined {
  if (!text) return undefined;
  return EDUCATION.get(fold(text)) ?? null;
}

const SKILL_TABLE = lookupTable(SKILLS, (c) => `skill.${c}`, {});

/** Skills separated by 、 , ； or spaces; returns the unknown ones too, to name them in the report. */
export function parseSkills(text: string): { skills: Skill[]; unknown: string[] } {
  const parts = text.split(/[、,，;；/|\s]+/).map((s) => s.trim()).filter(Boolean);
  const skills = new Set<Skill>();
  const unknown: string[] = [];
  for (const p of parts) {
    const s = SKILL_TABLE.get(fold(p));
    if (s) skills.add(s);
    else unknown.push(p);
  }
  return { skills: [...skills], unknown };
}
