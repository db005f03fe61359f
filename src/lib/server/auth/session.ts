import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { Actor } from './actor';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_DAYS = 30;
export const SESSION_COOKIE = 'gc_session';

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** Only this hash is stored, so a leaked session table cannot be replayed. */
export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * DAY);
  await db.insertInto('session').values({ id: sessionIdOf(token), userId, expiresAt }).execute();
  return { token, expiresAt };
}

/**
 * Sliding expiry: a session used in the second half of its life is pushed out to a full 30 days.
 * Returns the actor and, when extended, the new expiry for the cookie.
 */
export async function validateSessionToken(db: Db, token: string): Promise<{ actor: Actor; renewedUntil?: Date } | null> {
  const sessionId = sessionIdOf(token);
  // One round trip for every request: the session, its user and their memberships together.
  const found = await sql<{ userId: string; expiresAt: Date; disabledAt: Date | null; name: string; locale: Actor['locale']; memberships: Actor['memberships'] | string; hasWorkerRecord: boolean }>`
    select s.user_id, s.expires_at, u.disabled_at, u.name, u.locale,
      coalesce((
        select json_agg(json_build_object('id', m.id, 'role', m.role, 'orgUnitId', m.org_unit_id, 'unitPath', o.path, 'unitLevel', o.level, 'unitName', o.name) order by m.granted_at)
        from active_membership m join org_unit o on o.id = m.org_unit_id where m.user_id = s.user_id
      ), '[]'::json) as memberships,
      exists (select 1 from worker w where w.user_id = s.user_id) as has_worker_record
    from session s join app_user u on u.id = s.user_id
    where s.id = ${sessionId}`.execute(db);
  const session = found.rows[0];
  if (!session) return null;
  if (new Date(session.expiresAt).getTime() <= Date.now() || session.disabledAt) {
    await db.deleteFrom('session').where('id', '=', sessionId).execute();
    return null;
  }
  const memberships = typeof session.memberships === 'string' ? (JSON.parse(session.memberships) as Actor['memberships']) : session.memberships;
  const actor: Actor = { userId: session.userId, name: session.name, locale: session.locale, sessionId, memberships, hasWorkerRecord: session.hasWorkerRecord };
  if (new Date(session.expiresAt).getTime() - Date.now() < (SESSION_DAYS / 2) * DAY) {
    const renewedUntil = new Date(Date.now() + SESSION_DAYS * DAY);
    await db.updateTable('session').set({ expiresAt: renewedUntil }).where('id', '=', sessionId).execute();
    return { actor, renewedUntil };
  }
  return { actor };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Db, userId: string, except?: string): Promise<void> {
  let q = db.deleteFrom('session').where('userId', '=', userId);
  if (except) q = q.where('id', '<>', except);
  await q.execute();
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies, secure: boolean): void {
  cookies.set(SESSION_COOKIE, '', { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: 0 });
}
