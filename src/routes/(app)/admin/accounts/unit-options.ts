import type { OrgLevel } from '$lib/types';
import type { UnitNode } from '$lib/server/org/service';

export interface UnitOption {
  id: string;
  level: OrgLevel;
  /** Names from below the top unit down to this one: "城东区 · 东湖街道 · 湖滨社区". */
  label: string;
}

/** Every unit of the admin's trees, parents before children, for the unit <select>s. */
export function unitOptions(tree: UnitNode[]): UnitOption[] {
  const out: UnitOption[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const names = trail.concat(node.name);
    out.push({ id: node.id, level: node.level, label: names.slice(1).join(' · ') || node.name });
    for (const c of node.children) walk(c, names);
  };
  for (const root of tree) walk(root, []);
  return out;
}
