import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import type { Actor } from '../auth/actor';
import { scopePaths } from './scope';

let database: Database;
let unit: (name: string) => UnitRef;
let admin: Actor;
const db = () => database.db;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  admin = await makeUser(db(), 'admin', unit('东湖街道'));
});
afterAll(() => database.close());

describe('the org tree', () => {
  it('the demo city has 2 districts, 3 streets, 6 communities and 12 grids', async () => {
    const tree = await callerFor(db(), null).org.tree();
    expect(tree).toHaveLength(1);
    const count = (level: string) => db().selectFrom('orgUnit').select('id').where('level', '=', level as never).execute().then((r) => r.length);
    expect([await count('district'), await count('street'), await count('community'), await count('grid')]).toEqual([2, 3, 6, 12]);
  });

  it('adds the next level under a unit, renames it, and removes it while empty', async () => {
    const api = callerFor(db(), admin);
    const created = await api.org.create({ parentId: unit('湖滨社区').id, name: '第三网格' });
    expect(created.level).toBe('grid');
    await api.org.rename({ id: created.id, name: '第三网格（新）' });
    const tree = await api.org.adminTree();
    expect(JSON.stringify(tree)).toContain('第三网格（新）');
    await api.org.remove({ id: created.id });
    expect(await db().selectFrom('orgUnit').select('id').where('id', '=', created.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a level under a grid, a sibling with the same name, and removing a unit in use', async () => {
    const api = callerFor(db(), admin);
    expect((await failureOf(api.org.create({ parentId: unit('湖滨社区/第一网格').id, name: '更小' }))).message).toBe('该单位下不能再添加这一级。');
    expect((await failureOf(api.org.create({ parentId: unit('湖滨社区').id, name: '第一网格' }))).message).toBe('同一上级下已有同名单位。');
    expect((await failureOf(api.org.remove({ id: unit('湖滨社区').id }))).message).toBe('该单位下还有下级单位或人员，不能删除。');
  });

  it('the database keeps the tree shape even if code tried otherwise', async () => {
    const grid = unit('湖滨社区/第一网格');
    await expect(
      db().insertInto('orgUnit').values({ parentId: grid.id, level: 'street', name: '错误', path: `${grid.path}x/` }).execute()
    ).rejects.toThrow(/cannot sit under/);
  });
});

describe('scope', () => {
  it('a role held at a unit reaches everything below it and nothing beside it', async () => {
    const grid = unit('湖滨社区/第一网格');
    const paths = scopePaths(admin, ['admin']);
    expect(paths).toEqual([unit('东湖街道').path]);
    expect(grid.path.startsWith(paths[0]!)).toBe(true);
    expect(unit('新华社区').path.startsWith(paths[0]!)).toBe(false);
    expect(scopePaths(admin, ['hr'])).toEqual([]);
  });
});
