import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { unitById } from '../org/queries';
import { assertCovers } from '../org/scope';
import { isoWeekOf, weeksEnding } from './iso-week';
import { suppress, type Relation } from './suppression';
import type { AggregatesInput } from './schema';

interface Sums {
  n: number;
  who5: number;
  pss4: number;
  low: number;
  fair: number;
  good: number;
}
const empty = (): Sums => ({ n: 0, who5: 0, pss4: 0, low: 0, fair: 0, good: 0 });
const add = (a: Sums, b: Sums) => {
  for (const k of Object.keys(a) as (keyof Sums)[]) a[k] += b[k];
};

/** What is shown of one cell: nothing at all when suppressed. */
function shown(s: Sums, hidden: boolean) {
  if (hidden) return { suppressed: true as const, n: null, who5Mean: null, pss4Mean: null, bands: null };
  if (s.n === 0) return { suppressed: false as const, n: 0, who5Mean: null, pss4Mean: null, bands: null };
  const mean = (sum: number) => Math.round((sum * 10) / s.n) / 10;
  const share = (k: number) => Math.round((k * 100) / s.n);
  return { suppressed: false as const, n: s.n, who5Mean: mean(s.who5), pss4Mean: mean(s.pss4), bands: { low: share(s.low), fair: share(s.fair), good: share(s.good) } };
}

/**
 * Weekly means and WHO-5 bands for a unit and each unit below it, for admins and counselors over
 * the unit. Only single weeks are published, never a sum over weeks, so no trend can be
 * subtracted from another. Each week is suppressed over the whole city tree at once (a city's week
 * = its districts', a district's = its streets', a street's = its communities'), the same whoever
 * asks and whatever part they look at, so no two views can be combined to undo it. Groups under
 * five are hidden, and so is whatever would give them away (suppression.ts). Only mixed answers
 * count (checkin.ts).
 */
export async function wellbeingAggregates(db: Db, actor: Actor, input: AggregatesInput) {
  const unit = await unitById(db, input.unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin', 'counselor'], unit.path);
  // Check-ins belong to communities: a grid has no figures of its own.
  if (unit.level === 'grid') throw new DomainError('VALIDATION', undefined, { unitId: 'validation.choice' });
  const weeks = weeksEnding(input.toWeek ?? isoWeekOf(new Date()), input.weeks);
  const rootPath = `/${unit.path.split('/')[1]}/`;
  const [tree, rows] = await Promise.all([
    db.selectFrom('orgUnit').select(['id', 'name', 'path', 'parentId', 'level']).where('path', 'like', `${rootPath}%`).where('level', '<>', 'grid').orderBy('name').execute(),
    db
      .selectFrom('checkin as c')
      .innerJoin('orgUnit as o', 'o.id', 'c.communityId')
      .select([
        'c.communityId', 'c.isoWeek',
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(c.who5_score)`.as('who5'),
        sql<number>`sum(c.pss4_score)`.as('pss4'),
        sql<number>`count(*) filter (where c.who5_score <= 28)`.as('low'),
        sql<number>`count(*) filter (where c.who5_score > 28 and c.who5_score <= 50)`.as('fair'),
        sql<number>`count(*) filter (where c.who5_score > 50)`.as('good')
      ])
      .where('c.mixed', '=', true)
      .where('c.isoWeek', 'in', weeks)
      .where('o.path', 'like', `${rootPath}%`)
      .groupBy(['c.communityId', 'c.isoWeek'])
      .execute()
  ]);

  const key = (unitId: string, week: string) => `${unitId}|${week}`;
  const cells = new Map<string, Sums>();
  for (const u of tree) for (const w of weeks) cells.set(key(u.id, w), empty());
  const pathOf = new Map(tree.map((u) => [u.id, u.path]));
  for (const r of rows) {
    const sums: Sums = { n: Number(r.n), who5: Number(r.who5), pss4: Number(r.pss4), low: Number(r.low), fair: Number(r.fair), good: Number(r.good) };
    // The community and every unit above it.
    for (const id of (pathOf.get(r.communityId) ?? '').split('/').filter(Boolean)) {
      const cell = cells.get(key(id, r.isoWeek));
      if (cell) add(cell, sums);
    }
  }
  const childrenOf = (id: string) => tree.filter((u) => u.parentId === id);
  const relations: Relation[] = weeks.flatMap((w) =>
    tree.filter((u) => u.level !== 'community').map((u) => ({ total: key(u.id, w), parts: childrenOf(u.id).map((c) => key(c.id, w)) }))
  );
  const hidden = suppress(new Map([...cells].map(([k, s]) => [k, s.n])), relations);
  const series = (u: { id: string; name: string }) => ({
    unitId: u.id,
    unitName: u.name,
    weeks: weeks.map((w) => ({ week: w, ...shown(cells.get(key(u.id, w))!, hidden.has(key(u.id, w))) }))
  });
  return { weeks, unit: series(unit), children: unit.level === 'community' ? [] : childrenOf(unit.id).map(series) };
}
