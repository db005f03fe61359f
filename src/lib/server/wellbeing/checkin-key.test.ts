import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkinKeys, deriveKeys, keyFilePath, readOrCreateKeyFile, seal, unseal } from './checkin-key';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gridcall-checkin-key-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const answer = { isoWeek: '2026-W50', communityId: '94966c52-6c2c-48d4-903d-61072ccb2c77', who5: [5, 4, 3, 2, 1], pss4: [0, 1, 2, 3], burnout: 4 };

describe('the check-in key, kept out of the database', () => {
  it('lives beside the data directory, never inside it', () => {
    expect(keyFilePath({ PGLITE_DIR: '/srv/gridcall/data' })).toBe('/srv/gridcall/checkin.key');
    expect(keyFilePath({ PGLITE_DIR: '/srv/gridcall/data', CHECKIN_KEY_FILE: '/etc/gridcall/checkin.key' })).toBe('/etc/gridcall/checkin.key');
    expect(() => keyFilePath({ PGLITE_DIR: '/srv/gridcall/data', CHECKIN_KEY_FILE: '/srv/gridcall/data/checkin.key' })).toThrow(/inside the database directory/);
    expect(() => keyFilePath({ PGLITE_DIR: '/srv/gridcall/data', CHECKIN_KEY_FILE: '/srv/gridcall/data/sub/k' })).toThrow(/inside the database directory/);
    // A sibling whose name merely starts like the data directory is outside it.
    expect(keyFilePath({ PGLITE_DIR: '/srv/gridcall/data', CHECKIN_KEY_FILE: '/srv/gridcall/data.key' })).toBe('/srv/gridcall/data.key');
    // On PostgreSQL there is no local data directory to keep it out of.
    expect(keyFilePath({ DATABASE_URL: 'postgres://x', PGLITE_DIR: '/srv/d', CHECKIN_KEY_FILE: '/srv/d/k' })).toBe('/srv/d/k');
  });

  it('is made once, readable by its owner only, and every process that races to make it gets the same key', async () => {
    const path = join(dir, 'race', 'checkin.key');
    await rm(join(dir, 'race'), { recursive: true, force: true });
    await mkdir(join(dir, 'race'));
    const keys = await Promise.all(Array.from({ length: 8 }, () => readOrCreateKeyFile(path)));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readOrCreateKeyFile(path)).toBe(keys[0]);
    // No half-written drafts are left behind.
    expect(await readdir(join(dir, 'race'))).toEqual(['checkin.key']);
  });

  it('refuses a key file others can read, a short one, and a symbolic link', async () => {
    const open = join(dir, 'open.key');
    await writeFile(open, 'a'.repeat(64), { mode: 0o644 });
    await chmod(open, 0o644);
    await expect(readOrCreateKeyFile(open)).rejects.toThrow(/chmod 600/);
    const short = join(dir, 'short.key');
    await writeFile(short, 'tooshort', { mode: 0o600 });
    await expect(readOrCreateKeyFile(short)).rejects.toThrow(/fewer than 32/);
    const good = join(dir, 'good.key');
    await writeFile(good, 'b'.repeat(64), { mode: 0o600 });
    const link = join(dir, 'link.key');
    await symlink(good, link);
    await expect(readOrCreateKeyFile(link)).rejects.toThrow();
    expect(await readOrCreateKeyFile(good)).toBe('b'.repeat(64));
  });

  it('CHECKIN_SECRET comes first; otherwise the key file is used', async () => {
    const fromEnv = await checkinKeys({ CHECKIN_SECRET: 's'.repeat(40), CHECKIN_KEY_FILE: join(dir, 'unused.key') });
    expect(fromEnv.token).toBe('s'.repeat(40));
    expect(fromEnv.source).toBe('CHECKIN_SECRET');
    await expect(stat(join(dir, 'unused.key'))).rejects.toThrow();
    const fromFile = await checkinKeys({ CHECKIN_KEY_FILE: join(dir, 'good.key') });
    expect(fromFile.token).toBe('b'.repeat(64));
    expect(fromFile.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(fromFile.fingerprint).not.toBe(fromEnv.fingerprint);
  });

  it('a sealed answer opens only with its key, unaltered, and its length is the same whatever the answers', () => {
    const keys = deriveKeys('k'.repeat(64), 'test');
    const other = deriveKeys('o'.repeat(64), 'test');
    const sealed = seal(keys.seal, answer);
    expect(unseal(keys.seal, sealed)).toEqual(answer);
    expect(unseal(other.seal, sealed)).toBeUndefined();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(unseal(keys.seal, altered)).toBeUndefined();
    // Sealing twice gives different bytes (a fresh nonce), so equal answers do not look equal.
    expect(Buffer.from(seal(keys.seal, answer)).equals(sealed)).toBe(false);
    const lengths = new Set([answer, { ...answer, who5: [0, 0, 0, 0, 0], burnout: 1 }].map((a) => seal(keys.seal, a).length));
    expect(lengths.size).toBe(1);
    expect(() => seal(keys.seal, { ...answer, who5: [6, 0, 0, 0, 0] })).toThrow(RangeError);
  });
});
