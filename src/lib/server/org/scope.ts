import type { ExpressionBuilder, ReferenceExpression } from 'kysely';
import { sql } from 'kysely';
import type { Role } from '$lib/types';
import type { Actor } from '../auth/actor';
import type { DB } from '../db/types';
import { DomainError } from '../domain-error';

/**
 * The one place that turns memberships into reach: a role held at a unit covers that unit and
 * everything below it. Paths are '/root/…/unit/', so "below" is a prefix match.
 */
export function scopePaths(actor: Actor, roles: readonly Role[]): string[] {
  const paths = actor.memberships.filter((m) => roles.includes(m.role)).map((m) => m.unitPath);
  // Drop paths already covered by a shorter one, so queries stay small.
  return paths.filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
}

export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.memberships.some((m) => roles.includes(m.role));
}

export function covers(actor: Actor, roles: readonly Role[], unitPath: string): boolean {
  return scopePaths(actor, roles).some((p) => unitPath.startsWith(p));
}

/** City-wide data (the demo mailbox, the negative list) is for admins of a whole city. */
export function assertCityAdmin(actor: Actor): void {
  if (!actor.memberships.some((m) => m.role === 'admin' && m.unitLevel === 'city')) throw new DomainError('FORBIDDEN');
}

/** Throws FORBIDDEN unless one of `roles` reaches the unit at `unitPath`. */
export function assertCovers(actor: Actor, roles: readonly Role[], unitPath: string): void {
  if (!covers(actor, roles, unitPath)) throw new DomainError('FORBIDDEN');
}

/** A where-clause piece: the unit path column lies inside the actor's scope for `roles`. */
export function pathWithin<DBx extends DB, TB extends keyof DBx & string>(
  eb: ExpressionBuilder<DBx, TB>,
  column: ReferenceExpression<DBx, TB>,
  paths: string[]
) {
  if (paths.length === 0) return sql<boolean>`false`;
  return eb.or(paths.map((p) => eb(column, 'like', `${p}%`)));
}
