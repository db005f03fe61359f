import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import { DomainError } from '$lib/server/domain-error';
import { subtree } from '$lib/server/org/queries';
import { hasRole, scopePaths } from '$lib/server/org/scope';
import { buildTree, type UnitNode } from '$lib/server/org/service';
import { sortTree } from '$lib/sort-tree';
import type { OrgLevel } from '$lib/types';

export interface PayUnit {
  id: string;
  level: OrgLevel;
  /** Names from below the HR user's top unit down to this one: "东湖街道 · 湖滨社区". */
  label: string;
}

/** The pay pages are HR's; anyone else is refused before anything is read. */
export function assertHr(actor: Actor): void {
  if (!hasRole(actor, ['hr'])) throw new DomainError('FORBIDDEN');
}

/**
 * The units whose pay the HR user keeps, parents first and siblings in counting order. Grids are
 * left out: structures and runs are kept per community or above, and a city has thousands of grids.
 */
export async function payUnits(db: Db, actor: Actor): Promise<PayUnit[]> {
  const rows = (await Promise.all(scopePaths(actor, ['hr']).map((p) => subtree(db, p)))).flat().filter((r) => r.level !== 'grid');
  rows.sort((a, b) => a.path.localeCompare(b.path));
  const out: PayUnit[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const names = trail.concat(node.name);
    out.push({ id: node.id, level: node.level, label: names.slice(1).join(' · ') || node.name });
    for (const c of node.children) walk(c, names);
  };
  for (const root of sortTree(buildTree(rows))) walk(root, []);
  return out;
}

/** The unit asked for in the query string when it is one of `units`, else the first (the HR user's top unit). */
export function chosenUnit(units: PayUnit[], asked: string | null): PayUnit | undefined {
  return units.find((u) => u.id === asked) ?? units[0];
}
