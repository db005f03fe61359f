import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import { DomainError } from '$lib/server/domain-error';
import { subtree } from '$lib/server/org/queries';
import { hasRole, scopePaths } from '$lib/server/org/scope';
import { buildTree, type UnitNode } from '$lib/server/org/service';
import type { UnitGroup } from '$lib/server/org/options';
import { sortTree } from '$lib/sort-tree';
import type { OrgLevel } from '$lib/types';

/** Worker records are HR's; anyone else is refused before anything is read. */
export function assertHr(actor: Actor): void {
  if (!hasRole(actor, ['hr'])) throw new DomainError('FORBIDDEN');
}

export interface HrUnit {
  id: string;
  level: OrgLevel;
  /** Names below the HR user's top unit down to this one: "东湖街道 · 湖滨社区". */
  label: string;
}

export interface HrUnits {
  /** Every unit in reach, parents first, for the list's unit filter. */
  units: HrUnit[];
  /** Grids under their community's trail, for the record form's grid <select>. */
  gridGroups: UnitGroup[];
}

export async function hrUnits(db: Db, actor: Actor): Promise<HrUnits> {
  const rows = (await Promise.all(scopePaths(actor, ['hr']).map((p) => subtree(db, p)))).flat();
  rows.sort((a, b) => a.path.localeCompare(b.path));
  const units: HrUnit[] = [];
  const gridGroups: UnitGroup[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const names = trail.concat(node.name);
    const label = names.slice(1).join(' · ') || node.name;
    units.push({ id: node.id, level: node.level, label });
    const grids = node.children.filter((c) => c.level === 'grid');
    if (grids.length) gridGroups.push({ label, options: grids.map((g) => ({ id: g.id, name: g.name })) });
    for (const c of node.children) walk(c, names);
  };
  for (const root of sortTree(buildTree(rows))) walk(root, []);
  return { units, gridGroups };
}
