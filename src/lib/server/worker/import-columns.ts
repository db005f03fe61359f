import { translate, type MessageKey } from '$lib/i18n';
import { LOCALES } from '$lib/types';
import type { ImportKind } from './schema';

export type ColumnKey =
  | 'name' | 'phone' | 'email' | 'street' | 'community' | 'grid' | 'position'
  | 'hireDate' | 'education' | 'bankLast4' | 'leaveDate' | 'leaveReason' | 'skills';

export interface ColumnSpec {
  key: ColumnKey;
  required: boolean;
  /** Other headers people write for the same thing. */
  aliases: string[];
}

const COLUMNS: Record<ColumnKey, Omit<ColumnSpec, 'required'>> = {
  name: { key: 'name', aliases: ['名字', '人员姓名'] },
  phone: { key: 'phone', aliases: ['手机', '手机号码', '电话', '联系电话', 'mobile', 'phonenumber'] },
  email: { key: 'email', aliases: ['电子邮箱', '邮件', '电子邮件', 'e-mail', 'mail'] },
  street: { key: 'street', aliases: ['所属街道', '街道办'] },
  community: { key: 'community', aliases: ['所属社区', '居住社区', '社区名称'] },
  grid: { key: 'grid', aliases: ['所属网格', '网格名称'] },
  position: { key: 'position', aliases: ['职务', '岗位名称', '职位'] },
  hireDate: { key: 'hireDate', aliases: ['入职时间', '入职日'] },
  education: { key: 'education', aliases: ['最高学历', '文化程度'] },
  bankLast4: { key: 'bankLast4', aliases: ['银行卡尾号', '银行卡号后四位', '卡号后四位'] },
  leaveDate: { key: 'leaveDate', aliases: ['离职时间'] },
  leaveReason: { key: 'leaveReason', aliases: ['离职说明'] },
  skills: { key: 'skills', aliases: ['专长', '特长', '技能特长'] }
};

const spec = (key: ColumnKey, required = false): ColumnSpec => ({ ...COLUMNS[key], required });

/** The columns of each kind of file, in the template's order. */
export const KIND_COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  workers: [
    spec('name', true), spec('phone', true), spec('email'), spec('street'), spec('community', true), spec('grid', true),
    spec('position'), spec('hireDate', true), spec('education'), spec('bankLast4'), spec('leaveDate'), spec('leaveReason')
  ],
  volunteers: [spec('name', true), spec('phone', true), spec('email'), spec('street'), spec('community', true), spec('skills'), spec('education')]
};

export const columnLabel = (key: ColumnKey): MessageKey => `workforce.col.${key}`;

/** "姓名*", "入职日期（YYYY-MM-DD）", " Phone " all name their column: marks, notes in brackets, case and spaces do not count. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

/** Header → column key, from the labels in every language and the aliases. */
function headerIndex(kind: ImportKind): Map<string, ColumnKey> {
  const index = new Map<string, ColumnKey>();
  for (const c of KIND_COLUMNS[kind]) {
    const names = [c.key, ...c.aliases, ...LOCALES.map((l) => translate(l, columnLabel(c.key)))];
    for (const n of names) index.set(normalizeHeader(n), c.key);
  }
  return index;
}

export interface ColumnMap {
  /** Column key → position in the row and the header as the file writes it. */
  found: Map<ColumnKey, { index: number; header: string }>;
  missing: ColumnKey[];
}

/** Finds each known column by its header; the first of two same-named columns wins, unknown columns are ignored. */
export function mapColumns(kind: ImportKind, headers: string[]): ColumnMap {
  const index = headerIndex(kind);
  const found: ColumnMap['found'] = new Map();
  headers.forEach((h, i) => {
    const key = index.get(normalizeHeader(h ?? ''));
    if (key && !found.has(key)) found.set(key, { index: i, header: h.trim() });
  });
  const missing = KIND_COLUMNS[kind].filter((c) => c.required && !found.has(c.key)).map((c) => c.key);
  return { found, missing };
}
