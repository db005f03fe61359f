import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { enqueueMail } from '../mail/outbox';
import { hasRole, pathWithin, scopePaths } from '../org/scope';
import { workerInScope } from '../worker/queries';
import { hasPassword } from '../worker/no-password';
import { issuePasswordLink, passwordLinkUrl } from '../auth/password-link';
import { translate } from '$lib/i18n';

/** HR reaches the workers of their units; an admin anyone who holds a role or lives in theirs. */
async function reachable(db: Db, actor: Actor, userId: string): Promise<{ orgUnitId: string | null } | undefined> {
  if (hasRole(actor, ['hr'])) {
    const worker = await workerInScope(db, scopePaths(actor, ['hr']), userId);
    if (worker) return { orgUnitId: worker.gridId };
  }
  if (!hasRole(actor, ['admin'])) return undefined;
  const paths = scopePaths(actor, ['admin']);
  const unit = await db
    .selectFrom('orgUnit as o')
    .select('o.id')
    .where((eb) =>
      eb.or([
        eb.exists(eb.selectFrom('membership as m').select('m.id').where('m.userId', '=', userId).whereRef('m.orgUnitId', '=', 'o.id')),
        eb.exists(eb.selectFrom('appUser as u').select('u.id').where('u.id', '=', userId).whereRef('u.homeCommunityId', '=', 'o.id'))
      ])
    )
    .where((eb) => pathWithin(eb, 'o.path', paths))
    .executeTakeFirst();
  return unit ? { orgUnitId: unit.id } : undefined;
}

/**
 * Mails an account made without a password (by HR or an import) a 7-day link to set one. Only for
 * such accounts: otherwise whoever may edit someone's e-mail address could take their account over.
 */
export async function sendPasswordInvite(db: Db, actor: Actor, userId: string, requestId?: string) {
  const scope = await reachable(db, actor, userId);
  if (!scope) throw new DomainError('NOT_FOUND');
  const user = await db.selectFrom('appUser').select(['id', 'name', 'email', 'locale', 'passwordHash']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (hasPassword(user.passwordHash)) throw new DomainError('PASSWORD_ALREADY_SET');
  const to = user.email;
  if (!to) throw new DomainError('NO_EMAIL', { name: user.name });
  return db.transaction().execute(async (trx) => {
    const { token, expiresAt } = await issuePasswordLink(trx, user.id, 'invite');
    await enqueueMail(trx, {
      to,
      // The link sets the password: whoever could read it could take the account.
      privateToRecipient: true,
      subject: translate(user.locale, 'mail.passwordInvite.subject'),
      text: translate(user.locale, 'mail.passwordInvite.body', { name: user.name, url: passwordLinkUrl(token) })
    });
    await audit(trx, { actorId: actor.userId, action: 'user.password_invite', targetType: 'app_user', targetId: user.id, orgUnitId: scope.orgUnitId, requestId });
    return { email: to, expiresAt: expiresAt.toISOString() };
  });
}
