import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, isUniqueViolation } from '../domain-error';
import { audit } from '../audit/audit';
import { enqueueMail } from '../mail/outbox';
import { hashPassword } from '../auth/password';
import { contactTaken } from '../auth/service';
import { parseIdentifier } from '../auth/schema';
import { findUserByIdentifier } from '../auth/queries';
import { assertCovers, scopePaths } from '../org/scope';
import { unitById } from '../org/queries';
import { translate } from '$lib/i18n';
import type { Role } from '$lib/types';
import { accountsWithin } from './queries';
import type { CreateStaffInput, GrantRoleInput, ListAccountsInput } from './schema';
import { invalidateUserSessions } from '../auth/session';

export function listAccounts(db: Db, actor: Actor, input: ListAccountsInput) {
  return accountsWithin(db, scopePaths(actor, ['admin']), input.search, input.limit, input.offset);
}

/** Finds anyone by exact phone or e-mail, so an admin can grant a role to a person from elsewhere. */
export async function lookupAccount(db: Db, identifier: string) {
  const found = await findUserByIdentifier(db, parseIdentifier(identifier));
  if (!found) throw new DomainError('NOT_FOUND');
  return db.selectFrom('appUser').select(['id', 'name']).where('id', '=', found.id).executeTakeFirstOrThrow();
}

/** The unit a role is granted at must lie in the admin's scope; a grid worker's unit is a grid. */
async function grantableUnit(db: Db, actor: Actor, role: Role, orgUnitId: string) {
  const unit = await unitById(db, orgUnitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin'], unit.path);
  if (role === 'grid_worker' && unit.level !== 'grid') throw new DomainError('ROLE_UNIT_LEVEL', undefined, { orgUnitId: 'error.ROLE_UNIT_LEVEL' });
  if (role === 'volunteer' && unit.level !== 'community') throw new DomainError('NOT_A_COMMUNITY', undefined, { orgUnitId: 'error.NOT_A_COMMUNITY' });
  return unit;
}

export async function createStaff(db: Db, actor: Actor, input: CreateStaffInput, requestId?: string) {
  const unit = await grantableUnit(db, actor, input.role, input.orgUnitId);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('appUser')
        .values({ name: input.name, phone: input.phone ?? null, email: input.email ?? null, passwordHash, homeCommunityId: unit.level === 'community' ? unit.id : null, education: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('membership').values({ userId: user.id, role: input.role, orgUnitId: unit.id, grantedBy: actor.userId }).execute();
      await audit(trx, { actorId: actor.userId, action: 'user.create', targetType: 'app_user', targetId: user.id, orgUnitId: unit.id, requestId });
      await invalidateUserSessions(trx, user.id, user.id === actor.userId ? actor.sessionId : undefined);
      await audit(trx, { actorId: actor.userId, action: 'role.grant', targetType: 'app_user', targetId: user.id, orgUnitId: unit.id, detail: { role: input.role, unit: unit.name }, requestId });
      if (input.email) {
        await enqueueMail(trx, {
          to: input.email,
          subject: translate('zh-CN', 'mail.staff.subject'),
          text: translate('zh-CN', 'mail.staff.body', { name: input.name, role: translate('zh-CN', `role.${input.role}`) })
        });
      }
      return { id: user.id };
    });
  } catch (err) {
    throw contactTaken(err) ?? err;
  }
}

/**
 * Rights are read afresh on every request, so a grant or revoke takes effect at once; the person's
 * other sessions end too (rotation on role change), except the admin's own when they change theirs.
 */
export async function grantRole(db: Db, actor: Actor, input: GrantRoleInput, requestId?: string) {
  const unit = await grantableUnit(db, actor, input.role, input.orgUnitId);
  const user = await db.selectFrom('appUser').select('id').where('id', '=', input.userId).executeTakeFirst();
  if (!user) throw new DomainError('NOT_FOUND');
  try {
    return await db.transaction().execute(async (trx) => {
      const m = await trx
        .insertInto('membership')
        .values({ userId: user.id, role: input.role, orgUnitId: unit.id, grantedBy: actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await invalidateUserSessions(trx, user.id, user.id === actor.userId ? actor.sessionId : undefined);
      await audit(trx, { actorId: actor.userId, action: 'role.grant', targetType: 'app_user', targetId: user.id, orgUnitId: unit.id, detail: { role: input.role, unit: unit.name }, requestId });
      return { membershipId: m.id };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError('ROLE_ALREADY_HELD');
    throw err;
  }
}

export async function revokeRole(db: Db, actor: Actor, membershipId: string, requestId?: string) {
  const m = await db
    .selectFrom('membership as m')
    .innerJoin('orgUnit as o', 'o.id', 'm.orgUnitId')
    .select(['m.id', 'm.userId', 'm.role', 'm.orgUnitId', 'o.path', 'o.name'])
    .where('m.id', '=', membershipId)
    .executeTakeFirst();
  if (!m) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin'], m.path);
  if (m.userId === actor.userId && m.role === 'admin') throw new DomainError('SELF_REVOKE');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('membership').where('id', '=', m.id).execute();
    await invalidateUserSessions(trx, m.userId, m.userId === actor.userId ? actor.sessionId : undefined);
    await audit(trx, { actorId: actor.userId, action: 'role.revoke', targetType: 'app_user', targetId: m.userId, orgUnitId: m.orgUnitId, detail: { role: m.role, unit: m.name }, requestId });
  });
  return { ok: true };
}
