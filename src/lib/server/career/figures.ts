import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { unitById } from '../org/queries';
import { assertCovers } from '../org/scope';

export interface UnitFigures {
  unitId: string;
  unitName: string;
  /** Workers employed on 31 December (or today, for the current year). */
  headcount: number;
  headcountAtStart: number;
  leavers: number;
  /** Leavers ÷ average headcount, in tenths of a percent (123 = 12.3%); null when nobody was employed. */
  turnoverPermille: number | null;
  certified: number;
  /** Workers holding a verified, valid certificate ÷ headcount, in tenths of a percent. */
  certificateRatePermille: number | null;
  appraisals: Record<'excellent' | 'qualified' | 'basic' | 'unqualified', number>;
  promotions: number;
}

const permille = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) : null);

/**
 * Workforce figures for a unit and each unit directly below it, for a year. Turnover = leavers in
 * the year ÷ the average of the headcounts on 1 January and 31 December (记为流失率).
 */
export async function workforceFigures(db: Db, actor: Actor, unitId: string, year: number) {
  const unit = await unitById(db, unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['hr', 'admin'], unit.path);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const start = `${year}-01-01`;
  const end = `${year}-12-31` < today ? `${year}-12-31` : today;
  const children = await db.selectFrom('orgUnit').select(['id', 'name', 'path']).where('parentId', '=', unit.id).orderBy('name').execute();
  const groups = [{ id: unit.id, name: unit.name, path: unit.path }, ...children];

  const rows = await db
    .selectFrom('worker as w')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .select([
      'g.path',
      sql<number>`count(*) filter (where w.hire_date <= ${start}::date and (w.leave_date is null or w.leave_date >= ${start}::date))`.as('atStart'),
      sql<number>`count(*) filter (where w.hire_date <= ${end}::date and (w.leave_date is null or w.leave_date > ${end}::date))`.as('atEnd'),
      sql<number>`count(*) filter (where w.leave_date between ${start}::date and ${end}::date)`.as('leavers'),
      sql<number>`count(*) filter (where w.hire_date <= ${end}::date and (w.leave_date is null or w.leave_date > ${end}::date) and exists (
        select 1 from worker_certificate c where c.worker_id = w.user_id and c.verified_at is not null
          and c.issued_on <= ${end}::date and (c.expires_on is null or c.expires_on >= ${end}::date)))`.as('certified'),
      sql<number>`count(*) filter (where exists (select 1 from appraisal a where a.worker_id = w.user_id and a.year = ${year} and a.result = 'excellent'))`.as('excellent'),
      sql<number>`count(*) filter (where exists (select 1 from appraisal a where a.worker_id = w.user_id and a.year = ${year} and a.result = 'qualified'))`.as('qualified'),
      sql<number>`count(*) filter (where exists (select 1 from appraisal a where a.worker_id = w.user_id and a.year = ${year} and a.result = 'basic'))`.as('basic'),
      sql<number>`count(*) filter (where exists (select 1 from appraisal a where a.worker_id = w.user_id and a.year = ${year} and a.result = 'unqualified'))`.as('unqualified'),
      sql<number>`count(*) filter (where exists (select 1 from promotion p where p.worker_id = w.user_id and p.status = 'approved'
        and p.effective_on between ${start}::date and ${end}::date))`.as('promotions')
    ])
    .where('g.path', 'like', `${unit.path}%`)
    .groupBy('g.path')
    .execute();

  const figures: UnitFigures[] = groups.map((group) => {
    const mine = rows.filter((r) => r.path.startsWith(group.path));
    const sum = (k: keyof (typeof rows)[number]) => mine.reduce((s, r) => s + Number(r[k]), 0);
    const headcount = sum('atEnd');
    const headcountAtStart = sum('atStart');
    const leavers = sum('leavers');
    // Average headcount in halves keeps the arithmetic in integers: leavers ÷ ((a + b) / 2) = 2·leavers ÷ (a + b).
    return {
      unitId: group.id,
      unitName: group.name,
      headcount,
      headcountAtStart,
      leavers,
      turnoverPermille: permille(2 * leavers, headcountAtStart + headcount),
      certified: sum('certified'),
      certificateRatePermille: permille(sum('certified'), headcount),
      appraisals: { excellent: sum('excellent'), qualified: sum('qualified'), basic: sum('basic'), unqualified: sum('unqualified') },
      promotions: sum('promotions')
    };
  });
  return { year, unit: figures[0]!, children: figures.slice(1) };
}
