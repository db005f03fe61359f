import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import { DomainError } from '$lib/server/domain-error';
import { subtree } from '$lib/server/org/queries';
import { hasRole, scopePaths } from '$lib/server/org/scope';
import { buildTree, type UnitNode } from '$lib/server/org/service';
import { sortTree } from '$lib/sort-tree';
import type { OrgLevel, Role } from '$lib/types';

export interface CareerUnit {
  id: string;
  level: OrgLevel;
  /** Names from below the user's top unit down to this one: "东湖街道 · 湖滨社区". */
  label: string;
  /** The unit's own name. */
  name: string;
}

/** Refused before anything is read: the career desk is HR's, the figures HR's and admins'. */
export function assertRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, roles)) throw new DomainError('FORBIDDEN');
}

/**
 * Units the user reaches with `roles`, parents first, siblings in counting order. Grids are left
 * out: a city has thousands, and a community is the smallest unit HR works by on these pages.
 */
export async function careerUnits(db: Db, actor: Actor, roles: readonly Role[]): Promise<CareerUnit[]> {
  const rows = (await Promise.all(scopePaths(actor, roles).map((p) => subtree(db, p)))).flat().filter((r) => r.level !== 'grid');
  rows.sort((a, b) => a.path.localeCompare(b.path));
  const out: CareerUnit[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const names = trail.concat(node.name);
    out.push({ id: node.id, level: node.level, name: node.name, label: names.slice(1).join(' · ') || node.name });
    for (const c of node.children) walk(c, names);
  };
  for (const root of sortTree(buildTree(rows))) walk(root, []);
  return out;
}

/** The unit asked for when it is one of `units`, else the first (the user's top unit). */
export function chosenUnit(units: CareerUnit[], asked: string | null): CareerUnit | undefined {
  return units.find((u) => u.id === asked) ?? units[0];
}

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */
export const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
export const shanghaiYear = () => Number(shanghaiToday().slice(0, 4));

/** The year asked for when it is one of `years`, else `fallback`. */
export function chosenYear(years: number[], asked: string | null, fallback: number): number {
  const n = Number(asked);
  return years.includes(n) ? n : fallback;
}

/** This year and the ten before it, newest first. */
export const recentYears = (count = 11) => Array.from({ length: count }, (_, i) => shanghaiYear() - i);
