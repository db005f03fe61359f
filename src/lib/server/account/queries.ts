import type { Db } from '../db/connect';
import { pathWithin } from '../org/scope';

export interface AccountRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  memberships: { id: string; role: string; orgUnitId: string; unitName: string; unitLevel: string }[];
}

/** People who hold a role, or live, inside the given subtrees; with the roles they hold there. */
export async function accountsWithin(db: Db, paths: string[], search: string | undefined, limit: number, offset: number) {
  let q = db
    .selectFrom('appUser as u')
    .select(['u.id', 'u.name', 'u.phone', 'u.email'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb.selectFrom('membership as m').innerJoin('orgUnit as o', 'o.id', 'm.orgUnitId').select('m.id')
            .whereRef('m.userId', '=', 'u.id').where((e) => pathWithin(e, 'o.path', paths))
        ),
        eb.exists(
          eb.selectFrom('orgUnit as h').select('h.id').whereRef('h.id', '=', 'u.homeCommunityId').where((e) => pathWithin(e, 'h.path', paths))
        )
      ])
    );
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('u.name', 'like', like), eb('u.phone', 'like', like), eb('u.email', 'like', like)]));
  }
  const users = await q.orderBy('u.name').orderBy('u.id').limit(limit).offset(offset).execute();
  if (users.length === 0) return [];
  const memberships = await db
    .selectFrom('membership as m')
    .innerJoin('orgUnit as o', 'o.id', 'm.orgUnitId')
    .select(['m.id', 'm.userId', 'm.role', 'm.orgUnitId', 'o.name as unitName', 'o.level as unitLevel'])
    .where('m.userId', 'in', users.map((u) => u.id))
    .where((e) => pathWithin(e, 'o.path', paths))
    .orderBy('m.grantedAt')
    .execute();
  return users.map<AccountRow>((u) => ({
    ...u,
    memberships: memberships.filter((m) => m.userId === u.id).map(({ userId: _, ...m }) => m)
  }));
}
