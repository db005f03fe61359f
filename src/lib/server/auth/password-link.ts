import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { enqueueMail } from '../mail/outbox';
import { ORIGIN } from '../callout/notify';
import { translate } from '$lib/i18n';
import { hashPassword } from './password';
import { createSession, generateSessionToken, invalidateUserSessions, sessionIdOf } from './session';
import { accountKey, clearFailures, ipKey, lockedMinutes, recordFailure } from './throttle';
import { parseIdentifier, type SetPasswordWithLinkInput } from './schema';
import type { NewSession } from './service';

export type LinkPurpose = 'invite' | 'reset';
const LIFETIME: Record<LinkPurpose, string> = { invite: '7 days', reset: '1 hour' };
/** Requests per 15 minutes before the name (or the address) is refused for 15 minutes. */
export const RESET_LIMITS = { identifier: 3, ip: 20 } as const;

export const passwordLinkUrl = (token: string) => `${ORIGIN()}/password/${token}`;

/**
 * A new one-time link for the user (call it in the transaction that mails it). Their older unused
 * links end now, so only the newest mail works. Returns the token, which is stored only as a hash.
 */
export async function issuePasswordLink(trx: Db, userId: string, purpose: LinkPurpose): Promise<{ token: string; expiresAt: Date }> {
  await trx
    .updateTable('passwordLink')
    .set({ expiresAt: sql`now()` })
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .execute();
  const token = generateSessionToken();
  const row = await trx
    .insertInto('passwordLink')
    .values({ userId, tokenHash: sessionIdOf(token), purpose, expiresAt: sql`now() + ${LIFETIME[purpose]}::interval` })
    .returning('expiresAt')
    .executeTakeFirstOrThrow();
  return { token, expiresAt: new Date(row.expiresAt) };
}

export type LinkState =
  | { state: 'valid'; purpose: LinkPurpose; login: string }
  | { state: 'invalid' | 'used' | 'expired' };

/** What a link is now, without using it up (a mail client may open it just to preview it). */
export async function passwordLinkState(db: Db, token: string): Promise<LinkState> {
  const link = await db
    .selectFrom('passwordLink as l')
    .innerJoin('appUser as u', 'u.id', 'l.userId')
    .select(['l.purpose', 'l.usedAt', 'u.phone', 'u.email', 'u.disabledAt', sql<boolean>`l.expires_at <= now()`.as('expired')])
    .where('l.tokenHash', '=', sessionIdOf(token))
    .executeTakeFirst();
  if (!link || link.disabledAt) return { state: 'invalid' };
  if (link.usedAt) return { state: 'used' };
  if (link.expired) return { state: 'expired' };
  return { state: 'valid', purpose: link.purpose, login: link.phone ?? link.email ?? '' };
}

const REFUSAL = { invalid: 'PASSWORD_LINK_INVALID', used: 'PASSWORD_LINK_USED', expired: 'PASSWORD_LINK_EXPIRED' } as const;

/**
 * Sets the password a link was sent for: the link is used up, every session of the person ends
 * (a reset usually means someone else may know the old password) and a new one starts here.
 */
export async function setPasswordWithLink(db: Db, input: SetPasswordWithLinkInput, requestId?: string): Promise<NewSession> {
  const before = await passwordLinkState(db, input.token);
  if (before.state !== 'valid') throw new DomainError(REFUSAL[before.state]);
  const passwordHash = await hashPassword(input.password);
  const user = await db.transaction().execute(async (trx) => {
    // The claim is one conditional update, so two tabs submitting the same link cannot both win.
    const claimed = await trx
      .updateTable('passwordLink')
      .set({ usedAt: sql`now()` })
      .where('tokenHash', '=', sessionIdOf(input.token))
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', sql<Date>`now()`)
      .returning(['id', 'userId', 'purpose'])
      .executeTakeFirst();
    if (!claimed) throw new DomainError('PASSWORD_LINK_USED');
    const person = await trx
      .updateTable('appUser')
      .set({ passwordHash })
      .where('id', '=', claimed.userId)
      .where('disabledAt', 'is', null)
      .returning(['id', 'phone', 'email'])
      .executeTakeFirst();
    if (!person) throw new DomainError('PASSWORD_LINK_INVALID');
    await trx.updateTable('passwordLink').set({ expiresAt: sql`now()` }).where('userId', '=', person.id).where('usedAt', 'is', null).where('expiresAt', '>', sql<Date>`now()`).execute();
    await invalidateUserSessions(trx, person.id);
    await audit(trx, { actorId: person.id, action: 'user.password_set', targetType: 'app_user', targetId: person.id, detail: { purpose: claimed.purpose }, requestId });
    return person;
  });
  // A lock from failed logins with the old password would keep the person out of their new one.
  for (const name of [user.phone, user.email]) if (name) await clearFailures(db, accountKey(name));
  return { userId: user.id, ...(await createSession(db, user.id)) };
}

const resetKey = (name: string) => `reset:${name}`;
const resetIpKey = (ip: string) => `reset-${ipKey(ip)}`;

/**
 * "Forgot password": mails a one-hour link when the account exists, is active and has an e-mail
 * address, and otherwise does nothing; the caller gets the same answer either way. Each request
 * counts toward a limit per login name and per address (not toward the login lock).
 */
export async function requestPasswordReset(db: Db, rawIdentifier: string, ip: string): Promise<void> {
  const identifier = parseIdentifier(rawIdentifier);
  const keys = [resetKey('phone' in identifier ? identifier.phone : identifier.email), resetIpKey(ip)];
  if ((await lockedMinutes(db, keys)) > 0) throw new DomainError('TOO_MANY_REQUESTS');
  await recordFailure(db, keys[0]!, RESET_LIMITS.identifier);
  await recordFailure(db, keys[1]!, RESET_LIMITS.ip);

  let q = db.selectFrom('appUser').select(['id', 'name', 'email', 'locale']).where('disabledAt', 'is', null);
  q = 'phone' in identifier ? q.where('phone', '=', identifier.phone) : q.where('email', '=', identifier.email);
  const user = await q.executeTakeFirst();
  if (!user?.email) return;
  const to = user.email;
  await db.transaction().execute(async (trx) => {
    const { token } = await issuePasswordLink(trx, user.id, 'reset');
    await enqueueMail(trx, {
      to,
      // The link sets the password: whoever could read it could take the account.
      privateToRecipient: true,
      subject: translate(user.locale, 'mail.passwordReset.subject'),
      text: translate(user.locale, 'mail.passwordReset.body', { name: user.name, url: passwordLinkUrl(token) })
    });
    await audit(trx, { actorId: null, action: 'user.password_reset_request', targetType: 'app_user', targetId: user.id });
  });
}
