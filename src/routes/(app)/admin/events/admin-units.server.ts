import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import { subtree } from '$lib/server/org/queries';
import { scopePaths } from '$lib/server/org/scope';
import { buildTree, type UnitNode } from '$lib/server/org/service';
import { sortTree } from '$lib/sort-tree';
import type { OrgLevel } from '$lib/types';

export interface AdminUnit {
  id: string;
  level: OrgLevel;
  /** Names from below the top unit down to this one: "城东区 · 东湖街道 · 湖滨社区". */
  label: string;
  /** '/city/…/unit/': the form offers only themes of units above or below the chosen one. */
  path: string;
}

/** Every unit the admin runs, parents before children and siblings in name order, for the plan's unit <select>s. */
export async function adminUnits(db: Db, actor: Actor): Promise<AdminUnit[]> {
  const rows = (await Promise.all(scopePaths(actor, ['admin']).map((p) => subtree(db, p)))).flat();
  rows.sort((a, b) => a.path.localeCompare(b.path));
  const paths = new Map(rows.map((r) => [r.id, r.path]));
  const out: AdminUnit[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const names = trail.concat(node.name);
    out.push({ id: node.id, level: node.level, label: names.slice(1).join(' · ') || node.name, path: paths.get(node.id)! });
    for (const c of node.children) walk(c, names);
  };
  for (const root of sortTree(buildTree(rows))) walk(root, []);
  return out;
}
