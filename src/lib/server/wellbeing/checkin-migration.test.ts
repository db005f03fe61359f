import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { connectPglite, type Database } from '../db/connect';
import { migrate, MIGRATIONS_DIR } from '../db/migrate';

const POOL = '0019_checkin_pool.sql';
let database: Database | undefined;
let dir: string | undefined;
afterAll(async () => {
  await database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('migration 0019 (the check-in pool)', () => {
  it('removes the key from the database and rewrites answers written the old way, so they no longer share a transaction or order with their tokens', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridcall-mig-'));
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f) && f < POOL);
    for (const f of files) await copyFile(join(MIGRATIONS_DIR, f), join(dir, f));
    database = await connectPglite();
    await migrate(database, dir);
    const db = database.db;
    expect(await db.selectFrom('appSecret').select('name').where('name', '=', 'checkin_key').execute()).toEqual([{ name: 'checkin_key' }]);

    // Twelve check-ins the way the portal wrote them before: token and answer in one transaction.
    // A community of its own (not the demo seed, which may need later migrations).
    let parent: { id: string; path: string } | undefined;
    for (const level of ['city', 'district', 'street', 'community'] as const) {
      const id = randomUUID();
      const path = `${parent?.path ?? '/'}${id}/`;
      await db.insertInto('orgUnit').values({ id, level, name: level, parentId: parent?.id ?? null, path }).execute();
      parent = { id, path };
    }
    const community = parent!;
    const scores = Array.from({ length: 12 }, (_, i) => i * 4);
    for (const [i, score] of scores.entries()) {
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('checkinToken').values({ token: i.toString(16).padStart(64, '0') }).execute();
        await trx.insertInto('checkin').values({ isoWeek: '2026-W50', communityId: community.id, who5: [i % 6, 0, 0, 0, 0], pss4: [0, 0, 0, 0], burnout: 1, who5Score: score, pss4Score: 8 }).execute();
      });
    }
    const read = async () => (await sql<{ score: number; xid: string; mixed: boolean }>`select who5_score as score, xmin::text as xid, mixed from checkin order by ctid`.execute(db)).rows;
    const tokenXmins = async () => new Set((await sql<{ xid: string }>`select xmin::text as xid from checkin_token`.execute(db)).rows.map((r) => r.xid));
    const before = await read();
    const tokens = await tokenXmins();
    expect(before.map((r) => r.score)).toEqual(scores);
    expect(before.every((r) => tokens.has(r.xid))).toBe(true);

    await copyFile(join(MIGRATIONS_DIR, POOL), join(dir, POOL));
    expect(await migrate(database, dir)).toEqual([POOL]);
    expect(await db.selectFrom('appSecret').select('name').where('name', 'like', '%checkin%').execute()).toEqual([]);
    const after = await read();
    expect([...after.map((r) => r.score)].sort((a, b) => a - b)).toEqual(scores);
    // Still not counted (mixed only with five of their community and week), but no longer tied:
    // one xmin for all, none a token's, and an order that is not the order of writing (12! to 1).
    expect(after.every((r) => !r.mixed)).toBe(true);
    expect(new Set(after.map((r) => r.xid)).size).toBe(1);
    expect(tokens.has(after[0]!.xid)).toBe(false);
    expect(after.map((r) => r.score)).not.toEqual(scores);
    // The tokens stay: with CHECKIN_SECRET set they still answer "done this week?".
    expect((await tokenXmins()).size).toBe(12);
  });
});
