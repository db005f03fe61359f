import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { pathWithin, scopePaths } from '../../org/scope';

/** source 3.3: normal callouts staffed within 24 h, urgent ones within 2 h. */
export const TARGET_MINUTES = { normal: 24 * 60, urgent: 2 * 60 } as const;

/**
 * Response times of published callouts in the actor's scope since `since`, per grid and per street:
 * how many, median minutes from posting to the first sign-up and to fully staffed, and how many
 * were fully staffed within their urgency's target.
 */
export async function responseTimes(db: Db, actor: Actor, since: Date) {
  const paths = scopePaths(actor, ['admin', 'grid_worker', 'hr']);
  const minutes = (to: 'c.firstSignupAt' | 'c.fullyStaffedAt') => sql<number>`extract(epoch from ${sql.ref(to)} - c.published_at) / 60`;
  const rows = await db
    .selectFrom('callout as c')
    .innerJoin('orgUnit as g', 'g.id', 'c.gridId')
    .innerJoin('orgUnit as community', 'community.id', 'g.parentId')
    .innerJoin('orgUnit as street', 'street.id', 'community.parentId')
    .select([
      'g.id as gridId',
      sql<string>`community.name || ' · ' || g.name`.as('gridName'),
      'street.id as streetId',
      'street.name as streetName',
      'c.urgency',
      minutes('c.firstSignupAt').as('toFirstSignup'),
      minutes('c.fullyStaffedAt').as('toFullyStaffed')
    ])
    .where('c.publishedAt', 'is not', null)
    .where('c.publishedAt', '>=', since)
    .where((eb) => pathWithin(eb, 'g.path', paths))
    .execute();
  return {
    targets: TARGET_MINUTES,
    grids: summarise(rows, (r) => r.gridId, (r) => r.gridName),
    streets: summarise(rows, (r) => r.streetId, (r) => r.streetName)
  };
}

type Row = { urgency: 'normal' | 'urgent'; toFirstSignup: number | null; toFullyStaffed: number | null };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

function summarise<R extends Row>(rows: R[], key: (r: R) => string, name: (r: R) => string) {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.entries()].map(([id, list]) => ({
    id,
    name: name(list[0]!),
    callouts: list.length,
    medianToFirstSignup: median(list.flatMap((r) => (r.toFirstSignup === null ? [] : [Number(r.toFirstSignup)]))),
    medianToFullyStaffed: median(list.flatMap((r) => (r.toFullyStaffed === null ? [] : [Number(r.toFullyStaffed)]))),
    staffedOnTarget: list.filter((r) => r.toFullyStaffed !== null && Number(r.toFullyStaffed) <= TARGET_MINUTES[r.urgency]).length
  }));
}
