import type { Db } from '../db/connect';

export const unitColumns = ['id', 'parentId', 'level', 'name', 'path'] as const;

export function unitById(db: Db, id: string) {
  return db.selectFrom('orgUnit').select(unitColumns).where('id', '=', id).executeTakeFirst();
}

/** The whole tree in path order: a parent always comes before its children. */
export function allUnits(db: Db) {
  return db.selectFrom('orgUnit').select(unitColumns).orderBy('path').execute();
}

export function subtree(db: Db, path: string) {
  return db.selectFrom('orgUnit').select(unitColumns).where('path', 'like', `${path}%`).orderBy('path').execute();
}
