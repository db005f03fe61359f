import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { findUserByIdentifier } from '../auth/queries';
import { parseIdentifier } from '../auth/schema';

/** A volunteer founds a team in their home community and leads it. */
export async function createTeam(db: Db, actor: Actor, name: string) {
  const home = actor.memberships.find((m) => m.role === 'volunteer' && m.unitLevel === 'community');
  if (!home) throw new DomainError('NOT_A_COMMUNITY');
  try {
    return await db.transaction().execute(async (trx) => {
      const team = await trx.insertInto('team').values({ name, communityId: home.orgUnitId, leaderId: actor.userId }).returning(['id', 'name']).executeTakeFirstOrThrow();
      await trx.insertInto('teamMember').values({ teamId: team.id, userId: actor.userId }).execute();
      return team;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('TEAM_NAME_TAKEN', undefined, { name: 'error.TEAM_NAME_TAKEN' });
    throw err;
  }
}

async function ledTeam(db: Db, actor: Actor, teamId: string) {
  const team = await db.selectFrom('team').select(['id', 'leaderId', 'communityId']).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new DomainError('NOT_FOUND');
  if (team.leaderId !== actor.userId) throw new DomainError('FORBIDDEN');
  return team;
}

/** The leader adds a volunteer of the same community, found by exact phone or e-mail. */
export async function addMember(db: Db, actor: Actor, teamId: string, identifier: string) {
  const team = await ledTeam(db, actor, teamId);
  const person = await findUserByIdentifier(db, parseIdentifier(identifier));
  const lives = person && (await db.selectFrom('membership').select('id').where('userId', '=', person.id).where('role', '=', 'volunteer').where('orgUnitId', '=', team.communityId).executeTakeFirst());
  if (!person || !lives) throw new DomainError('NOT_FOUND');
  await db.insertInto('teamMember').values({ teamId: team.id, userId: person.id }).onConflict((oc) => oc.doNothing()).execute();
  return { userId: person.id };
}

export async function removeMember(db: Db, actor: Actor, teamId: string, userId: string) {
  const team = await ledTeam(db, actor, teamId);
  if (userId === team.leaderId) throw new DomainError('FORBIDDEN');
  await db.deleteFrom('teamMember').where('teamId', '=', team.id).where('userId', '=', userId).execute();
  return { ok: true };
}

/** The teams I belong to, with their members (names only) and whether I lead them. */
export async function myTeams(db: Db, actor: Actor) {
  const teams = await db
    .selectFrom('team as t')
    .innerJoin('teamMember as m', 'm.teamId', 't.id')
    .select(['t.id', 't.name', 't.leaderId'])
    .where('m.userId', '=', actor.userId)
    .orderBy('t.name')
    .execute();
  if (teams.length === 0) return [];
  const members = await db
    .selectFrom('teamMember as m')
    .innerJoin('appUser as u', 'u.id', 'm.userId')
    .select(['m.teamId', 'u.id', 'u.name'])
    .where('m.teamId', 'in', teams.map((t) => t.id))
    .orderBy('m.joinedAt')
    .execute();
  return teams.map((t) => ({
    id: t.id,
    name: t.name,
    leads: t.leaderId === actor.userId,
    members: members.filter((m) => m.teamId === t.id).map(({ id, name }) => ({ id, name }))
  }));
}
