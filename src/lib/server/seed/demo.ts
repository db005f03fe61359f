import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { OrgLevel, Role, Skill } from '$lib/types';
import { SKILLS } from '$lib/types';
import { hashPassword } from '../auth/password';
import { seedDemoEvents } from './demo-events';

export const DEMO_PASSWORD = 'Gridcall2026';

/** The demo city: 2 districts, 3 streets, 6 communities, 12 grids. */
const TREE = {
  name: '某市',
  children: [
    { name: '城东区', children: [
      { name: '东湖街道', children: [{ name: '湖滨社区' }, { name: '桃园社区' }] },
      { name: '新华街道', children: [{ name: '新华社区' }, { name: '光明社区' }] }
    ] },
    { name: '城西区', children: [
      { name: '西山街道', children: [{ name: '西山社区' }, { name: '枫林社区' }] }
    ] }
  ]
};

export const DEMO_ACCOUNTS: { role: Role; name: string; phone: string; email: string; unit: string }[] = [
  { role: 'admin', name: '王管理', phone: '13800000001', email: 'admin@demo.gridcall.cn', unit: '某市' },
  { role: 'hr', name: '李人事', phone: '13800000002', email: 'hr@demo.gridcall.cn', unit: '城东区' },
  { role: 'counselor', name: '陈咨询', phone: '13800000003', email: 'counselor@demo.gridcall.cn', unit: '东湖街道' },
  { role: 'grid_worker', name: '张网格', phone: '13800000004', email: 'gridworker@demo.gridcall.cn', unit: '湖滨社区第一网格' },
  { role: 'volunteer', name: '刘志愿', phone: '13800000005', email: 'volunteer@demo.gridcall.cn', unit: '湖滨社区' },
  // A second HR user: payroll runs need another pair of eyes to approve.
  { role: 'hr', name: '孙复核', phone: '13800000006', email: 'hr2@demo.gridcall.cn', unit: '城东区' }
];

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许';
const GIVEN = ['秀英', '建国', '桂兰', '志强', '玉梅', '国华', '海燕', '文军', '丽华', '德明'];

type Node = { name: string; children?: Node[] };

async function insertTree(db: Db): Promise<Map<string, { id: string; level: OrgLevel }>> {
  const units = new Map<string, { id: string; level: OrgLevel }>();
  const levels: OrgLevel[] = ['city', 'district', 'street', 'community'];
  const walk = async (node: Node, depth: number, parent: { id: string; path: string } | null) => {
    const id = randomUUID();
    const path = `${parent?.path ?? '/'}${id}/`;
    const level = levels[depth]!;
    await db.insertInto('orgUnit').values({ id, parentId: parent?.id ?? null, level, name: node.name, path }).execute();
    units.set(node.name, { id, level });
    if (level === 'community') {
      for (const g of ['第一网格', '第二网格']) {
        const gid = randomUUID();
        await db.insertInto('orgUnit').values({ id: gid, parentId: id, level: 'grid', name: g, path: `${path}${gid}/` }).execute();
        units.set(`${node.name}${g}`, { id: gid, level: 'grid' });
      }
    }
    for (const child of node.children ?? []) await walk(child, depth + 1, { id, path });
  };
  await walk(TREE, 0, null);
  return units;
}

/**
 * Fills an empty database with the demo city, one account per role and 40 volunteers.
 * Does nothing if any org unit exists, so real data is never seeded over.
 */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    // Two processes starting at once on one empty database: the lock makes the second see the first's rows.
    await sql`select pg_advisory_xact_lock(4711002)`.execute(trx);
    const any = await trx.selectFrom('orgUnit').select('id').limit(1).executeTakeFirst();
    if (any) return false;
    const units = await insertTree(trx);
    const communities = [...units.entries()].filter(([, u]) => u.level === 'community');

    let adminId = '';
    for (const a of DEMO_ACCOUNTS) {
      const unit = units.get(a.unit)!;
      const home = a.role === 'volunteer' ? unit.id : units.get('湖滨社区')!.id;
      const user = await trx
        .insertInto('appUser')
        .values({ name: a.name, phone: a.phone, email: a.email, passwordHash, homeCommunityId: home, education: a.role === 'grid_worker' ? 'college' : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('membership').values({ userId: user.id, role: a.role, orgUnitId: unit.id, grantedBy: null }).execute();
      if (a.role === 'admin') adminId = user.id;
      if (a.role === 'grid_worker') {
        await trx.insertInto('worker').values({ userId: user.id, gridId: unit.id, position: '网格员', hireDate: '2021-03-01', bankLast4: '6021' }).execute();
      }
    }
    await seedDemoEvents(trx, units.get('东湖街道')!.id, adminId);

    for (let i = 0; i < 40; i++) {
      const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
      const [, community] = communities[i % communities.length]!;
      const skills: Skill[] = [SKILLS[i % SKILLS.length]!, SKILLS[(i * 5 + 3) % SKILLS.length]!];
      const user = await trx
        .insertInto('appUser')
        .values({ name, phone: `139000${String(i + 1).padStart(5, '0')}`, email: null, passwordHash, homeCommunityId: community.id, skills: [...new Set(skills)], education: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('membership').values({ userId: user.id, role: 'volunteer', orgUnitId: community.id, grantedBy: null }).execute();
    }
    return true;
  });
}
