import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { heldForTeam } from '../callout/capacity';
import { canSee } from '../callout/policy';
import { findCallout, teamConfirmed } from '../callout/queries';

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

export async function ledTeam(db: Db, actor: Actor, teamId: string) {
  const team = await db.selectFrom('team').select(['id', 'leaderId', 'communityId']).where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new DomainError('NOT_FOUND');
  if (team.leaderId !== actor.userId) throw new DomainError('FORBIDDEN');
  return team;
}

export async function removeMember(db: Db, actor: Actor, teamId: string, userId: string) {
  const team = await ledTeam(db, actor, teamId);
  if (userId === team.leaderId) throw new DomainError('FORBIDDEN');
  await db.deleteFrom('teamMember').where('teamId', '=', team.id).where('userId', '=', userId).execute();
  return { ok: true };
}

/** 13812345678 → 138****5678, laozhou@example.com → l***@example.com: enough to tell two 张伟 apart. */
export function maskContact(phone: string | null, email: string | null): string | null {
  if (phone) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (!email) return null;
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

/**
 * The teams I belong to, with their members and whether I lead them. Members see each other's
 * names only; the leader, who invited them by phone or e-mail, also sees a masked contact, and the
 * invitations nobody has answered yet: the contact they were sent to, masked, and no name (a name
 * is shown once its owner has said yes).
 */
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
    .select(['m.teamId', 'u.id', 'u.name', 'u.phone', 'u.email'])
    .where('m.teamId', 'in', teams.map((t) => t.id))
    .orderBy('m.joinedAt')
    .orderBy('u.id')
    .execute();
  const led = teams.filter((t) => t.leaderId === actor.userId).map((t) => t.id);
  const pending = led.length === 0 ? [] : await db
    .selectFrom('teamInvitation as i')
    .innerJoin('appUser as u', 'u.id', 'i.userId')
    .select(['i.id', 'i.teamId', 'i.via', 'i.invitedAt', 'u.phone', 'u.email'])
    .where('i.teamId', 'in', led)
    .where('i.status', '=', 'pending')
    .orderBy('i.invitedAt')
    .orderBy('i.id')
    .execute();
  return teams.map((t) => {
    const leads = t.leaderId === actor.userId;
    return {
      id: t.id,
      name: t.name,
      leads,
      members: members
        .filter((m) => m.teamId === t.id)
        .map((m) => ({ id: m.id, name: m.name, leader: m.id === t.leaderId, ...(leads ? { contact: maskContact(m.phone, m.email) } : {}) })),
      invitations: pending
        .filter((i) => i.teamId === t.id)
        .map((i) => ({ id: i.id, contact: i.via === 'phone' ? maskContact(i.phone, null) : maskContact(null, i.email), invitedAt: i.invitedAt }))
    };
  });
}

/**
 * For the leader of the team a callout reserves places for: the places the team can still take
 * and where each member stands. null for anyone else, and for a callout without a reservation.
 * Read without the callout lock, so the figures are a snapshot; team.signUpMembers decides.
 */
export async function calloutTeamPlaces(db: Db, actor: Actor, calloutId: string) {
  const callout = await findCallout(db, calloutId);
  if (!callout || !canSee(actor, callout.gridPath) || callout.status === 'draft') throw new DomainError('NOT_FOUND');
  if (!callout.teamId) return null;
  const team = await db.selectFrom('team').select(['id', 'name', 'leaderId']).where('id', '=', callout.teamId).executeTakeFirstOrThrow();
  if (team.leaderId !== actor.userId) return null;

  const taken = await teamConfirmed(db, callout.id, team.id);
  const reservedLeft = heldForTeam(callout, taken);
  const general = Math.max(0, callout.slots - callout.confirmedCount - reservedLeft);
  const members = await db
    .selectFrom('teamMember as m')
    .innerJoin('appUser as u', 'u.id', 'm.userId')
    .leftJoin('signup as s', (j) => j.onRef('s.volunteerId', '=', 'm.userId').on('s.calloutId', '=', callout.id).on('s.status', '<>', 'cancelled'))
    .select(['u.id', 'u.name', 's.status', sql<boolean>`s.team_id is not null`.as('viaTeam')])
    .where('m.teamId', '=', team.id)
    .orderBy('m.joinedAt')
    .orderBy('u.id')
    .execute();
  return {
    team: { id: team.id, name: team.name },
    teamSlots: callout.teamSlots,
    taken,
    /** Reserved places still held for the team; 0 once the release time has passed. */
    reservedLeft,
    /** What the leader can still fill with confirmed places: the reserved ones plus any general ones. */
    placesLeft: reservedLeft + general,
    releaseAt: callout.teamReleaseAt,
    released: callout.teamReleaseAt !== null && callout.teamReleaseAt.getTime() <= Date.now(),
    members: members.map((m) => ({ id: m.id, name: m.name, leader: m.id === team.leaderId, status: m.status, viaTeam: Boolean(m.viaTeam) }))
  };
}
