import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { UserError } from '$lib/errors';
import { toUserError } from '../user-error';
import type { Db } from '../db/connect';
import type { Locale, OrgLevel, Role } from '$lib/types';
import type { Actor } from '../auth/actor';
import { hashPassword } from '../auth/password';
import { createSession, sessionIdOf } from '../auth/session';
import { loadActor } from '../auth/queries';
import { seedDemoIfEmpty } from '../seed/demo';
import { appRouter } from '../router';
import { createCallerFactory, type Context } from '../trpc';

export const TEST_PASSWORD = 'Passw0rd-test';
let hashed: Promise<string> | undefined;
const testHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

export interface UnitRef {
  id: string;
  path: string;
  level: OrgLevel;
  name: string;
}

/** The demo city (某市 → 城东区/城西区 → … → grids), looked up by name: '湖滨社区', '湖滨社区/第一网格'. */
export async function demoCity(db: Db): Promise<(name: string) => UnitRef> {
  await seedDemoIfEmpty(db);
  const rows = await db.selectFrom('orgUnit as o').leftJoin('orgUnit as p', 'p.id', 'o.parentId').select(['o.id', 'o.path', 'o.level', 'o.name', 'p.name as parentName']).execute();
  return (name) => {
    const [parent, own] = name.includes('/') ? name.split('/') : [undefined, name];
    const unit = rows.find((r) => r.name === own && (!parent || r.parentName === parent));
    if (!unit) throw new Error(`no demo unit ${name}`);
    return { id: unit.id, path: unit.path, level: unit.level, name: unit.name };
  };
}

let counter = 0;
/** A person holding `role` at `unit` (home community = the unit for volunteers), signed in. */
export async function makeUser(
  db: Db,
  role: Role | null,
  unit: UnitRef | null,
  extra: { name?: string; email?: string; phone?: string; locale?: Locale } = {}
): Promise<Actor & { token: string }> {
  counter++;
  const user = await db
    .insertInto('appUser')
    .values({
      name: extra.name ?? `测试用户${counter}`,
      phone: extra.phone ?? `177${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
      email: extra.email ?? `t${counter}-${randomUUID().slice(0, 6)}@example.cn`,
      passwordHash: await testHash(),
      locale: extra.locale ?? 'zh-CN',
      homeCommunityId: unit?.level === 'community' ? unit.id : null,
      education: null
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (role && unit) await db.insertInto('membership').values({ userId: user.id, role, orgUnitId: unit.id, grantedBy: null }).execute();
  const { token } = await createSession(db, user.id);
  const actor = await loadActor(db, user.id, sessionIdOf(token));
  return { ...actor!, token };
}

const createCaller = createCallerFactory(appRouter);

/** Calls procedures as `actor` would over HTTP, with the same middleware, errors and formatter. */
export function callerFor(db: Db, actor: Actor | null, locale: Locale = 'zh-CN', ip = '127.0.0.1') {
  const ctx: Context = { db, actor, locale, requestId: 'test', ip };
  return createCaller(ctx);
}

/** What the caller would see over HTTP when `call` fails: the HTTP status and the UserError. */
export async function failureOf(call: Promise<unknown>, locale: Locale = 'zh-CN'): Promise<UserError & { status: number }> {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof TRPCError)) throw err;
    return { ...toUserError(err, locale), status: getHTTPStatusCodeFromError(err) };
  }
  throw new Error('expected the call to fail');
}
