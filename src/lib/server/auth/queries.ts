import type { Db } from '../db/connect';
import type { Actor } from './actor';

export async function loadActor(db: Db, userId: string, sessionId: string): Promise<Actor | null> {
  const user = await db
    .selectFrom('appUser')
    .select(['id', 'name', 'locale'])
    .where('id', '=', userId)
    .where('disabledAt', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  const memberships = await db
    .selectFrom('activeMembership as membership')
    .innerJoin('orgUnit', 'orgUnit.id', 'membership.orgUnitId')
    .select([
      'membership.id',
      'membership.role',
      'membership.orgUnitId',
      'orgUnit.path as unitPath',
      'orgUnit.level as unitLevel',
      'orgUnit.name as unitName'
    ])
    .where('membership.userId', '=', userId)
    .orderBy('membership.grantedAt')
    .execute();
  const record = await db.selectFrom('worker').select('userId').where('userId', '=', userId).executeTakeFirst();
  return { userId: user.id, name: user.name, locale: user.locale, sessionId, memberships, hasWorkerRecord: Boolean(record) };
}

export function findUserByIdentifier(db: Db, identifier: { phone?: string; email?: string }) {
  let q = db.selectFrom('appUser').select(['id', 'passwordHash', 'disabledAt']);
  q = identifier.phone ? q.where('phone', '=', identifier.phone) : q.where('email', '=', identifier.email ?? '');
  return q.executeTakeFirst();
}
