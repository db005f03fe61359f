import { sql } from 'kysely';
import type { Db } from '../db/connect';
import { pathWithin } from '../org/scope';
import type { WorkerStatus } from './schema';

/** A worker with their account and the grid → community → street they belong to. */
function workers(db: Db, paths: string[]) {
  return db
    .selectFrom('worker as w')
    .innerJoin('appUser as u', 'u.id', 'w.userId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('orgUnit as c', 'c.id', 'g.parentId')
    .innerJoin('orgUnit as s', 's.id', 'c.parentId')
    .where((eb) => pathWithin(eb, 'g.path', paths));
}

const summary = [
  'w.userId', 'u.name', 'u.phone', 'w.position', 'w.hireDate', 'w.leaveDate',
  'g.id as gridId', 'g.name as gridName', 'c.name as communityName', 's.name as streetName',
  // A leave date still ahead is a notice period: at work until then (days in Asia/Shanghai).
  sql<boolean>`w.leave_date is not null and w.leave_date <= current_date`.as('hasLeft')
] as const;

export interface WorkerFilter {
  /** Path of a unit to narrow to (inside the scope, which still applies). */
  unitPath?: string;
  status: WorkerStatus;
  search?: string;
}

const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filtered(db: Db, paths: string[], f: WorkerFilter) {
  let q = workers(db, paths);
  if (f.unitPath) q = q.where('g.path', 'like', `${f.unitPath}%`);
  // Someone whose leave date is still ahead is at work until then; dates are Asia/Shanghai days.
  if (f.status === 'active') q = q.where((eb) => eb.or([eb('w.leaveDate', 'is', null), eb('w.leaveDate', '>', sql<string>`current_date`)]));
  if (f.status === 'left') q = q.where('w.leaveDate', '<=', sql<string>`current_date`);
  if (f.search) {
    const like = likeText(f.search);
    q = q.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.phone', 'like', like)]));
  }
  return q;
}

export async function listWorkers(db: Db, paths: string[], f: WorkerFilter, limit: number, offset: number) {
  const [items, count] = await Promise.all([
    filtered(db, paths, f).select(summary).orderBy('s.name').orderBy('c.name').orderBy('g.name').orderBy('u.name').orderBy('w.userId').limit(limit).offset(offset).execute(),
    filtered(db, paths, f).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  ]);
  return { items, total: Number(count.n) };
}

export function workerInScope(db: Db, paths: string[], userId: string) {
  return workers(db, paths)
    .select([
      ...summary, 'u.email', 'u.education', 'u.passwordHash', 'w.leaveReason', 'w.bankLast4', 'w.createdAt', 'w.updatedAt',
      'g.path as gridPath', 'c.id as communityId'
    ])
    .where('w.userId', '=', userId)
    .executeTakeFirst();
}

/** Grids in reach with their community and street: what a worker file may name. */
export function gridsInScope(db: Db, paths: string[]) {
  return db
    .selectFrom('orgUnit as g')
    .innerJoin('orgUnit as c', 'c.id', 'g.parentId')
    .innerJoin('orgUnit as s', 's.id', 'c.parentId')
    .select(['g.id', 'g.name', 'c.id as communityId', 'c.name as communityName', 's.id as streetId', 's.name as streetName'])
    .where('g.level', '=', 'grid')
    .where((eb) => pathWithin(eb, 'g.path', paths))
    .orderBy('g.path')
    .execute();
}

/** Communities in reach with their street: what a volunteer file may name. */
export function communitiesInScope(db: Db, paths: string[]) {
  return db
    .selectFrom('orgUnit as c')
    .innerJoin('orgUnit as s', 's.id', 'c.parentId')
    .select(['c.id', 'c.name', 's.id as streetId', 's.name as streetName'])
    .where('c.level', '=', 'community')
    .where((eb) => pathWithin(eb, 'c.path', paths))
    .orderBy('c.path')
    .execute();
}

const CHUNK = 1000;

/** Which of these phones and e-mails already have an account: a few queries for a whole file. */
export async function takenContacts(db: Db, phones: string[], emails: string[]) {
  const taken = { phones: new Set<string>(), emails: new Set<string>() };
  const unique = (xs: string[]) => [...new Set(xs)];
  for (const [list, column, into] of [[unique(phones), 'phone', taken.phones], [unique(emails), 'email', taken.emails]] as const) {
    for (let i = 0; i < list.length; i += CHUNK) {
      const rows = await db.selectFrom('appUser').select(column).where(column, 'in', list.slice(i, i + CHUNK)).execute();
      for (const r of rows) {
        const v = (r as Record<string, string | null>)[column];
        if (v) into.add(v);
      }
    }
  }
  return taken;
}
