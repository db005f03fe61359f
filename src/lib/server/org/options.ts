import type { OrgLevel } from '$lib/types';
import type { UnitNode } from './service';

export interface UnitGroup {
  label: string;
  options: { id: string; name: string }[];
}

/** Units of one level for a <select>, grouped under their parents' names ("城东区 · 东湖街道"). */
export function optionsOfLevel(tree: UnitNode[], level: OrgLevel): UnitGroup[] {
  const groups: UnitGroup[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const kids = node.children.filter((c) => c.level === level);
    if (kids.length) groups.push({ label: trail.concat(node.name).slice(1).join(' · ') || node.name, options: kids.map((k) => ({ id: k.id, name: k.name })) });
    for (const c of node.children) if (c.level !== level) walk(c, trail.concat(node.name));
  };
  for (const root of tree) walk(root, []);
  return groups;
}
