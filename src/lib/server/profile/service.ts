import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import type { UpdateProfileInput } from './schema';

export function getProfile(db: Db, actor: Actor) {
  return db
    .selectFrom('appUser as u')
    .leftJoin('orgUnit as c', 'c.id', 'u.homeCommunityId')
    .select(['u.id', 'u.name', 'u.phone', 'u.email', 'u.locale', 'u.skills', 'u.education', 'u.homeCommunityId', 'u.calloutMail', 'c.name as homeCommunityName'])
    .where('u.id', '=', actor.userId)
    .executeTakeFirstOrThrow();
}

/** A volunteer's reach follows their home community, so moving home moves the volunteer role too. */
export async function updateProfile(db: Db, actor: Actor, input: UpdateProfileInput) {
  await db.transaction().execute(async (trx) => {
    if (input.homeCommunityId) {
      const c = await trx.selectFrom('orgUnit').select('level').where('id', '=', input.homeCommunityId).executeTakeFirst();
      if (c?.level !== 'community') throw new DomainError('NOT_A_COMMUNITY', undefined, { homeCommunityId: 'error.NOT_A_COMMUNITY' });
    }
    const skills = [...new Set(input.skills)];
    const before = await trx.selectFrom('appUser').select('homeCommunityId').where('id', '=', actor.userId).forUpdate().executeTakeFirstOrThrow();
    await trx
      .updateTable('appUser')
      .set({ name: input.name, homeCommunityId: input.homeCommunityId, skills, education: input.education, locale: input.locale, ...(input.calloutMail === undefined ? {} : { calloutMail: input.calloutMail }) })
      .where('id', '=', actor.userId)
      .execute();
    if (input.homeCommunityId && before.homeCommunityId && before.homeCommunityId !== input.homeCommunityId) {
      await trx
        .updateTable('membership')
        .set({ orgUnitId: input.homeCommunityId })
        .where('userId', '=', actor.userId)
        .where('role', '=', 'volunteer')
        .where('orgUnitId', '=', before.homeCommunityId)
        .execute();
    }
  });
  return getProfile(db, actor);
}
