import type { Db } from '../db/connect';
import type { Actor } from './actor';
import { DomainError, isUniqueViolation, pgConstraint } from '../domain-error';
import { audit } from '../audit/audit';
import { enqueueMail } from '../mail/outbox';
import { translate } from '$lib/i18n';
import type { Locale } from '$lib/types';
import { decoy, hashPassword, verifyPassword } from './password';
import { createSession, invalidateUserSessions } from './session';
import { findUserByIdentifier } from './queries';
import { accountKey, clearFailures, ipKey, LIMITS, lockedMinutes, recordFailure } from './throttle';
import { parseIdentifier, type ChangePasswordInput, type LoginInput, type RegisterInput } from './schema';

export interface NewSession {
  userId: string;
  token: string;
  expiresAt: Date;
}

/** Unique violations on phone or e-mail become the user's words, also when two registrations race. */
export function contactTaken(err: unknown): DomainError | undefined {
  if (!isUniqueViolation(err)) return undefined;
  const constraint = pgConstraint(err) ?? '';
  if (constraint.includes('phone')) return new DomainError('PHONE_TAKEN', undefined, { phone: 'error.PHONE_TAKEN' });
  if (constraint.includes('email')) return new DomainError('EMAIL_TAKEN', undefined, { email: 'error.EMAIL_TAKEN' });
  return undefined;
}

export async function register(db: Db, input: RegisterInput, meta: { locale: Locale; requestId?: string }): Promise<NewSession> {
  const locale = input.locale ?? meta.locale;
  const passwordHash = await hashPassword(input.password);
  try {
    const userId = await db.transaction().execute(async (trx) => {
      const community = await trx
        .selectFrom('orgUnit')
        .select(['id', 'level'])
        .where('id', '=', input.homeCommunityId)
        .executeTakeFirst();
      if (community?.level !== 'community') {
        throw new DomainError('NOT_A_COMMUNITY', undefined, { homeCommunityId: 'error.NOT_A_COMMUNITY' });
      }
      const user = await trx
        .insertInto('appUser')
        .values({
          name: input.name,
          phone: input.phone ?? null,
          email: input.email ?? null,
          passwordHash,
          locale,
          homeCommunityId: community.id,
          education: null
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('membership').values({ userId: user.id, role: 'volunteer', orgUnitId: community.id, grantedBy: null }).execute();
      await audit(trx, {
        actorId: user.id,
        action: 'user.register',
        targetType: 'app_user',
        targetId: user.id,
        orgUnitId: community.id,
        requestId: meta.requestId
      });
      if (input.email) {
        await enqueueMail(trx, {
          to: input.email,
          subject: translate(locale, 'mail.welcome.subject'),
          text: translate(locale, 'mail.welcome.body', { name: input.name })
        });
      }
      return user.id;
    });
    const session = await createSession(db, userId);
    return { userId, ...session };
  } catch (err) {
    throw contactTaken(err) ?? err;
  }
}

/**
 * One answer for "no such account" and "wrong password", in the same time, so the login form
 * cannot be used to find out who has an account. Throttled per account name and per address.
 */
export async function login(db: Db, input: LoginInput, ip: string): Promise<NewSession> {
  const identifier = parseIdentifier(input.identifier);
  const aKey = accountKey('phone' in identifier ? identifier.phone : identifier.email);
  const iKey = ipKey(ip);
  const minutes = await lockedMinutes(db, [aKey, iKey]);
  if (minutes > 0) throw new DomainError('LOGIN_LOCKED', { minutes });

  const user = await findUserByIdentifier(db, identifier);
  const ok = await verifyPassword(user?.passwordHash ?? (await decoy()), input.password);
  if (!user || !ok || user.disabledAt) {
    await recordFailure(db, aKey, LIMITS.account);
    await recordFailure(db, iKey, LIMITS.ip);
    throw new DomainError('LOGIN_FAILED');
  }
  await clearFailures(db, aKey);
  const session = await createSession(db, user.id);
  return { userId: user.id, ...session };
}

/** A new password ends every other session of the user; this one stays. */
export async function changePassword(db: Db, actor: Actor, input: ChangePasswordInput): Promise<void> {
  const user = await db.selectFrom('appUser').select('passwordHash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError('WRONG_PASSWORD', undefined, { currentPassword: 'error.WRONG_PASSWORD' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('appUser').set({ passwordHash }).where('id', '=', actor.userId).execute();
    await invalidateUserSessions(trx, actor.userId, actor.sessionId);
    await audit(trx, { actorId: actor.userId, action: 'user.password_change', targetType: 'app_user', targetId: actor.userId });
  });
}
