import type { Actor } from '$lib/server/auth/actor';
import type { Db } from '$lib/server/db/connect';
import { MANAGERS } from '$lib/server/callout/policy';
import { optionsOfLevel } from '$lib/server/org/options';
import { unitColumns } from '$lib/server/org/queries';
import { pathWithin, scopePaths } from '$lib/server/org/scope';
import { buildTree } from '$lib/server/org/service';
import { sortTree } from '$lib/sort-tree';

/**
 * The grids the actor may post in: a grid worker's own grid, every grid under an admin's units.
 * Their ancestors come along so each grid is offered under its community ("城东区 · 东湖街道 · 湖滨社区").
 */
export async function managedGrids(db: Db, actor: Actor, within?: string) {
  const paths = scopePaths(actor, MANAGERS);
  let q = db.selectFrom('orgUnit').select(unitColumns).where('level', '=', 'grid').where((eb) => pathWithin(eb, 'path', paths));
  // A booth's callout is posted in a grid under the event's unit.
  if (within) q = q.where('path', 'like', `${within}%`);
  const grids = await q.execute();
  // A path is '/city/district/…/grid/': its segments are the ids of the unit and all above it.
  const above = [...new Set(grids.flatMap((g) => g.path.split('/').filter(Boolean).slice(0, -1)))];
  const ancestors = above.length ? await db.selectFrom('orgUnit').select(unitColumns).where('id', 'in', above).execute() : [];
  const rows = [...ancestors, ...grids].sort((a, b) => a.path.localeCompare(b.path));
  return optionsOfLevel(sortTree(buildTree(rows)), 'grid');
}
