import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types';

/**
 * The check-in key never lives in the database (docs/anonymity.md). It is CHECKIN_SECRET from the
 * environment, or else the contents of a key file: CHECKIN_KEY_FILE, by default `checkin.key` in
 * the directory that holds the embedded database's data directory (next to `./data`, not in it),
 * made with mode 0600 on first use. Every process on one database must use the same key; the
 * database keeps a fingerprint (not the key) so that a process with another key refuses to work
 * instead of writing tokens and sealed answers nobody else can match or open.
 */
export interface CheckinKeys {
  /** HMAC key of the (user, week) token; the secret itself, as before the pool existed. */
  token: string;
  /** AES-256-GCM key of the sealed answers waiting in checkin_pool. */
  seal: Buffer;
  /** Stored in checkin_key_check: tells keys apart, gives nothing of the key. */
  fingerprint: string;
  /** Where the key came from, for error messages (never the key). */
  source: string;
}

export function deriveKeys(secret: string, source: string): CheckinKeys {
  const derive = (info: string, length: number) => Buffer.from(hkdfSync('sha256', secret, 'gridcall checkin', info, length));
  return { token: secret, seal: derive('pool seal v1', 32), fingerprint: derive('key check v1', 16).toString('hex'), source };
}

/** The key file's path: CHECKIN_KEY_FILE, or checkin.key beside (never inside) the data directory. */
export function keyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const dataDir = resolve(env.PGLITE_DIR || 'data');
  const path = resolve(env.CHECKIN_KEY_FILE || join(dirname(dataDir), 'checkin.key'));
  const inside = relative(dataDir, path);
  if (!env.DATABASE_URL && (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside)))) {
    throw new Error(`The check-in key file ${path} is inside the database directory ${dataDir}: whoever copies the database would have the key. Put it elsewhere (CHECKIN_KEY_FILE).`);
  }
  return path;
}

const MIN_SECRET = 32;

async function readKeyFile(path: string): Promise<string> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const st = await file.stat();
    if (!st.isFile()) throw new Error(`The check-in key file ${path} is not a regular file.`);
    if (st.mode & 0o077) throw new Error(`The check-in key file ${path} can be read by others (mode ${(st.mode & 0o777).toString(8)}): run chmod 600 on it.`);
    if (process.getuid && st.uid !== process.getuid()) throw new Error(`The check-in key file ${path} belongs to another user.`);
    const secret = (await file.readFile('utf8')).trim();
    if (secret.length < MIN_SECRET) throw new Error(`The check-in key file ${path} holds fewer than ${MIN_SECRET} characters.`);
    return secret;
  } finally {
    await file.close();
  }
}

/**
 * Reads the key file, making it first if there is none. A new key is written in full to a file
 * of its own and then linked into place, which fails if another process got there first: then
 * both read the one that won, so no process ever reads half a key or keeps a key of its own.
 */
export async function readOrCreateKeyFile(path: string): Promise<string> {
  try {
    return await readKeyFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await open(draft, 'wx', 0o600);
  try {
    await file.writeFile(`${randomBytes(32).toString('hex')}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(draft, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(draft).catch(() => {});
  }
  return readKeyFile(path);
}

let loaded: Promise<CheckinKeys> | undefined;

/** The keys of this process, read once. */
export function checkinKeys(env: NodeJS.ProcessEnv = process.env): Promise<CheckinKeys> {
  if (env !== process.env) return loadKeys(env);
  loaded ??= loadKeys(env).catch((err) => {
    loaded = undefined;
    throw err;
  });
  return loaded;
}

async function loadKeys(env: NodeJS.ProcessEnv): Promise<CheckinKeys> {
  if (env.CHECKIN_SECRET) return deriveKeys(env.CHECKIN_SECRET, 'CHECKIN_SECRET');
  const path = keyFilePath(env);
  return deriveKeys(await readOrCreateKeyFile(path), path);
}

const mismatch = (keys: CheckinKeys) =>
  new Error(
    `The check-in key (${keys.source}) is not the one this database's check-ins were made with. Every process must use the same CHECKIN_SECRET or key file; see docs/anonymity.md, "Changing the key".`
  );

/**
 * Refuses to go on with a key other than the database's. `claim` (submitting, mixing) records the
 * fingerprint when there is none yet; reading the status never writes.
 */
export async function assertKeyMatches(db: Kysely<DB>, keys: CheckinKeys, claim: boolean): Promise<void> {
  if (claim) await sql`insert into checkin_key_check (fingerprint) values (${keys.fingerprint}) on conflict do nothing`.execute(db);
  const row = (await sql<{ fingerprint: string }>`select fingerprint from checkin_key_check`.execute(db)).rows[0];
  if (row && row.fingerprint !== keys.fingerprint) throw mismatch(keys);
}

/** One waiting answer as sealed: a fixed-length text, so the length of the sealed row tells nothing either. */
export interface PooledAnswer {
  isoWeek: string;
  communityId: string;
  who5: number[];
  pss4: number[];
  burnout: number;
}

const AAD = Buffer.from('gridcall checkin_pool v1');
const IV = 12;
const TAG = 16;
const LAYOUT = /^(\d{4}-W\d{2})\|([0-9a-f-]{36})\|([0-5]{5})\|([0-4]{4})\|([1-5])$/;

export function seal(key: Buffer, a: PooledAnswer): Buffer {
  const text = `${a.isoWeek}|${a.communityId}|${a.who5.join('')}|${a.pss4.join('')}|${a.burnout}`;
  if (!LAYOUT.test(text)) throw new RangeError('an answer outside the check-in layout');
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The answer, or undefined for a row this key did not seal (or that was altered). */
export function unseal(key: Buffer, sealed: Uint8Array): PooledAnswer | undefined {
  const bytes = Buffer.from(sealed);
  if (bytes.length <= IV + TAG) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV));
    decipher.setAAD(AAD);
    decipher.setAuthTag(bytes.subarray(IV, IV + TAG));
    const text = Buffer.concat([decipher.update(bytes.subarray(IV + TAG)), decipher.final()]).toString('utf8');
    const m = LAYOUT.exec(text);
    if (!m) return undefined;
    const digits = (s: string) => [...s].map(Number);
    return { isoWeek: m[1]!, communityId: m[2]!, who5: digits(m[3]!), pss4: digits(m[4]!), burnout: Number(m[5]) };
  } catch {
    return undefined;
  }
}
