import { sql } from 'kysely';
import { URGENCIES, type Urgency } from '$lib/types';
import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { pathWithin, scopePaths } from '../../org/scope';

/** source 3.3: normal callouts staffed within 24 h, urgent ones within 2 h. */
export const TARGET_MINUTES = { normal: 24 * 60, urgent: 2 * 60 } as const;

/** One set of response figures, for a grid, a street or everything in reach; minutes throughout. */
export interface ResponseFigures {
  /** Published in the period. */
  callouts: number;
  /**
   * Those whose target can be judged: fully staffed, or not staffed when their target time ran out.
   * A callout still inside its 24 h / 2 h, or called off before the time ran out, is not yet due.
   */
  due: number;
  staffedOnTarget: number;
  medianToFirstSignup: number | null;
  medianToFullyStaffed: number | null;
}

export interface UnitResponse extends ResponseFigures {
  id: string;
  name: string;
  byUrgency: Record<Urgency, ResponseFigures>;
}

export interface ResponseReport {
  since: Date;
  targets: typeof TARGET_MINUTES;
  total: ResponseFigures & { byUrgency: Record<Urgency, ResponseFigures> };
  streets: UnitResponse[];
  grids: UnitResponse[];
}

/**
 * Response times of published callouts in the actor's scope since `since`, per grid and per street,
 * in total and split by urgency: how many, median minutes from posting to the first sign-up and to
 * fully staffed, and how many of those due were fully staffed within their urgency's target.
 */
export async function responseTimes(db: Db, actor: Actor, since: Date): Promise<ResponseReport> {
  const paths = scopePaths(actor, ['admin', 'grid_worker', 'hr']);
  const minutes = (to: 'c.firstSignupAt' | 'c.fullyStaffedAt') => sql<number | null>`extract(epoch from ${sql.ref(to)} - c.published_at) / 60`;
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
      minutes('c.fullyStaffedAt').as('toFullyStaffed'),
      // How long it stood waiting for volunteers: until now, or until it was called off.
      sql<number>`extract(epoch from coalesce(c.cancelled_at, now()) - c.published_at) / 60`.as('waited')
    ])
    .where('c.publishedAt', 'is not', null)
    .where('c.publishedAt', '>=', since)
    .where((eb) => pathWithin(eb, 'g.path', paths))
    .orderBy('street.name')
    .orderBy('community.name')
    .orderBy('g.name')
    .execute();
  const facts = rows.map((r) => ({
    ...r,
    toFirstSignup: r.toFirstSignup === null ? null : Number(r.toFirstSignup),
    toFullyStaffed: r.toFullyStaffed === null ? null : Number(r.toFullyStaffed),
    waited: Number(r.waited)
  }));
  return {
    since,
    targets: TARGET_MINUTES,
    total: split(facts),
    streets: perUnit(facts, (r) => r.streetId, (r) => r.streetName),
    grids: perUnit(facts, (r) => r.gridId, (r) => r.gridName)
  };
}

interface Fact {
  urgency: Urgency;
  toFirstSignup: number | null;
  toFullyStaffed: number | null;
  waited: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

function figures(list: Fact[]): ResponseFigures {
  const target = (r: Fact) => TARGET_MINUTES[r.urgency];
  return {
    callouts: list.length,
    due: list.filter((r) => r.toFullyStaffed !== null || r.waited >= target(r)).length,
    staffedOnTarget: list.filter((r) => r.toFullyStaffed !== null && r.toFullyStaffed <= target(r)).length,
    medianToFirstSignup: median(present(list.map((r) => r.toFirstSignup))),
    medianToFullyStaffed: median(present(list.map((r) => r.toFullyStaffed)))
  };
}

function split(list: Fact[]) {
  const byUrgency = Object.fromEntries(URGENCIES.map((u) => [u, figures(list.filter((r) => r.urgency === u))])) as Record<Urgency, ResponseFigures>;
  return { ...figures(list), byUrgency };
}

function perUnit<R extends Fact>(rows: R[], key: (r: R) => string, name: (r: R) => string): UnitResponse[] {
  const groups = new Map<string, R[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.entries()].map(([id, list]) => ({ id, name: name(list[0]!), ...split(list) }));
}
