import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect';

const keys = new WeakMap<Db, Promise<string>>();

/** The per-database key for signed links, made by the migration; read once per connection pool. */
function signingKey(db: Db): Promise<string> {
  let key = keys.get(db);
  if (!key) {
    key = db.selectFrom('appSecret').select('value').where('name', '=', 'link_signing').executeTakeFirstOrThrow().then((r) => r.value);
    keys.set(db, key);
  }
  return key;
}

const mac = (key: string, purpose: string, subject: string) =>
  createHmac('sha256', Buffer.from(key, 'hex')).update(`${purpose}:${subject}`).digest('base64url').slice(0, 32);

/** A token that proves the link was made by us for this purpose and subject (e.g. unsubscribe:userId). */
export async function signLink(db: Db, purpose: string, subject: string): Promise<string> {
  return `${subject}.${mac(await signingKey(db), purpose, subject)}`;
}

/** The subject of a valid token, or undefined. */
export async function verifyLink(db: Db, purpose: string, token: string): Promise<string | undefined> {
  const [subject, given] = token.split('.');
  if (!subject || !given || given.length !== 32) return undefined;
  const expected = mac(await signingKey(db), purpose, subject);
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given)) ? subject : undefined;
}
