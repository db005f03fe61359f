import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { subtree } from './queries';
import { scopePaths } from './scope';
import { buildTree, type UnitNode } from './service';
import { sortTree } from '$lib/sort-tree';
import type { OrgLevel } from '$lib/types';

export interface FigureUnit {
  id: string;
  level: OrgLevel;
  /** Names from below the top unit down to this one: "城东区 · 东湖街道 · 湖滨社区". */
  label: string;
}

/**
 * The units whose figures the admin or counselor may see: those they hold the role at and every
 * one below, down to communities (answers are counted per community, never per grid). Parents
 * come before children, siblings in the order people count them.
 */
export async function figureUnits(db: Db, actor: Actor): Promise<FigureUnit[]> {
  const rows = (await Promise.all(scopePaths(actor, ['admin', 'counselor']).map((p) => subtree(db, p)))).flat().filter((r) => r.level !== 'grid');
  rows.sort((a, b) => a.path.localeCompare(b.path));
  const out: FigureUnit[] = [];
  const walk = (node: UnitNode, trail: string[]) => {
    const names = trail.concat(node.name);
    out.push({ id: node.id, level: node.level, label: names.slice(1).join(' · ') || node.name });
    for (const c of node.children) walk(c, names);
  };
  for (const root of sortTree(buildTree(rows))) walk(root, []);
  return out;
}

/** The unit a figures page was asked for (`?unit=`), or the first; one outside the caller's reach is simply not there. */
export function chosenUnit(units: FigureUnit[], asked: string | null): FigureUnit {
  const unit = asked ? units.find((u) => u.id === asked) : units[0];
  if (!unit) throw new DomainError('NOT_FOUND');
  return unit;
}
