import { randomUUID } from 'node:crypto';
import { CHILD_LEVEL, type OrgLevel } from '$lib/types';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { assertCovers, scopePaths } from './scope';
import { allUnits, subtree, unitById } from './queries';
import type { CreateUnitInput, RenameUnitInput } from './schema';

export interface UnitNode {
  id: string;
  parentId: string | null;
  level: OrgLevel;
  name: string;
  children: UnitNode[];
}

type UnitRow = Awaited<ReturnType<typeof allUnits>>[number];

export function buildTree(rows: UnitRow[]): UnitNode[] {
  const nodes = new Map<string, UnitNode>();
  const roots: UnitNode[] = [];
  for (const r of rows) {
    const node: UnitNode = { id: r.id, parentId: r.parentId, level: r.level, name: r.name, children: [] };
    nodes.set(r.id, node);
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Unit names are public (people choose their community when they register); nothing else is. */
export async function publicTree(db: Db): Promise<UnitNode[]> {
  return buildTree(await allUnits(db));
}

/** The subtrees the actor administers. */
export async function adminTree(db: Db, actor: Actor): Promise<UnitNode[]> {
  const rows = (await Promise.all(scopePaths(actor, ['admin']).map((p) => subtree(db, p)))).flat();
  rows.sort((a, b) => a.path.localeCompare(b.path));
  return buildTree(rows);
}

async function unitInScope(db: Db, actor: Actor, id: string) {
  const unit = await unitById(db, id);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin'], unit.path);
  return unit;
}

function nameTaken(err: unknown): never {
  if (isUniqueViolation(err)) throw new DomainError('ORG_NAME_TAKEN', undefined, { name: 'error.ORG_NAME_TAKEN' });
  throw err;
}

export async function createUnit(db: Db, actor: Actor, input: CreateUnitInput, requestId?: string) {
  const parent = await unitInScope(db, actor, input.parentId);
  const level = CHILD_LEVEL[parent.level];
  if (!level) throw new DomainError('ORG_LEVEL');
  const id = randomUUID();
  try {
    return await db.transaction().execute(async (trx) => {
      const unit = await trx
        .insertInto('orgUnit')
        .values({ id, parentId: parent.id, level, name: input.name, path: `${parent.path}${id}/` })
        .returning(['id', 'level', 'name'])
        .executeTakeFirstOrThrow();
      await audit(trx, { actorId: actor.userId, action: 'org.create', targetType: 'org_unit', targetId: id, orgUnitId: id, detail: { name: input.name, level }, requestId });
      return unit;
    });
  } catch (err) {
    nameTaken(err);
  }
}

export async function renameUnit(db: Db, actor: Actor, input: RenameUnitInput, requestId?: string) {
  const unit = await unitInScope(db, actor, input.id);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('orgUnit').set({ name: input.name }).where('id', '=', unit.id).execute();
      await audit(trx, { actorId: actor.userId, action: 'org.rename', targetType: 'org_unit', targetId: unit.id, orgUnitId: unit.id, detail: { from: unit.name, to: input.name }, requestId });
    });
  } catch (err) {
    nameTaken(err);
  }
  return { id: unit.id, name: input.name };
}

/** Only an empty unit goes: no child units, nobody's home, no roles held there. */
export async function removeUnit(db: Db, actor: Actor, id: string, requestId?: string) {
  const unit = await unitInScope(db, actor, id);
  if (unit.parentId === null) throw new DomainError('ORG_NOT_EMPTY');
  await db.transaction().execute(async (trx) => {
    const used = await trx
      .selectNoFrom((eb) => [
        eb.exists(eb.selectFrom('orgUnit').select('id').where('parentId', '=', unit.id)).as('children'),
        eb.exists(eb.selectFrom('membership').select('id').where('orgUnitId', '=', unit.id)).as('members'),
        eb.exists(eb.selectFrom('appUser').select('id').where('homeCommunityId', '=', unit.id)).as('residents')
      ])
      .executeTakeFirstOrThrow();
    if (used.children || used.members || used.residents) throw new DomainError('ORG_NOT_EMPTY');
    await audit(trx, { actorId: actor.userId, action: 'org.remove', targetType: 'org_unit', targetId: unit.id, orgUnitId: unit.parentId, detail: { name: unit.name, level: unit.level }, requestId });
    await trx.deleteFrom('orgUnit').where('id', '=', unit.id).execute();
  });
  return { id: unit.id };
}
