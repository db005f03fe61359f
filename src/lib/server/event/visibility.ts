import { sql, type Expression, type SqlBool } from 'kysely';
import type { Role } from '$lib/types';
import type { Actor } from '../auth/actor';

/** Every role but the volunteer's: people who work for the street office see its internal events. */
export const STAFF: readonly Role[] = ['grid_worker', 'hr', 'counselor', 'admin'];

/** The units a person belongs to by any of `roles`. */
export function homePaths(actor: Actor, roles?: readonly Role[]): string[] {
  return [...new Set(actor.memberships.filter((m) => !roles || roles.includes(m.role)).map((m) => m.unitPath))];
}

/**
 * A unit is in view of someone when it lies above one of their units (the street's fair is for
 * its communities) or below it (a district admin sees the streets' events).
 */
export function isInView(unitPath: string, paths: string[]): boolean {
  return paths.some((p) => p.startsWith(unitPath) || unitPath.startsWith(p));
}

/** The same test as a where-clause on a unit path column. */
export function inView(pathColumn: Expression<string | null>, paths: string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`false`;
  const parts = paths.map((p) => sql<SqlBool>`(${p} like ${pathColumn} || '%' or ${pathColumn} like ${p + '%'})`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
