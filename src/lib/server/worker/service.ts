import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { contactTaken } from '../auth/service';
import { assertCovers, scopePaths } from '../org/scope';
import { unitById } from '../org/queries';
import { NO_PASSWORD, hasPassword } from './no-password';
import { listWorkers as listQuery, workerInScope } from './queries';
import type { ListWorkersInput, SaveWorkerInput } from './schema';

const HR = ['hr'] as const;

/** Workers whose grid lies under the HR user's units; a unit filter narrows, never widens, that. */
export async function listWorkers(db: Db, actor: Actor, input: ListWorkersInput) {
  const paths = scopePaths(actor, HR);
  let unitPath: string | undefined;
  if (input.unitId) {
    const unit = await unitById(db, input.unitId);
    if (!unit) return { items: [], total: 0 };
    unitPath = unit.path;
  }
  return listQuery(db, paths, { unitPath, status: input.status, search: input.search || undefined }, input.limit, input.offset);
}

/** A worker out of reach does not exist for the caller (NOT_FOUND, not FORBIDDEN). */
export async function getWorker(db: Db, actor: Actor, userId: string) {
  const row = await workerInScope(db, scopePaths(actor, HR), userId);
  if (!row) throw new DomainError('NOT_FOUND');
  const { passwordHash, gridPath: _path, ...worker } = row;
  return { ...worker, hasPassword: hasPassword(passwordHash) };
}

async function gridInScope(db: Db, actor: Actor, gridId: string) {
  const grid = await unitById(db, gridId);
  if (!grid) throw new DomainError('NOT_FOUND');
  assertCovers(actor, HR, grid.path);
  if (grid.level !== 'grid') throw new DomainError('VALIDATION', undefined, { gridId: 'workforce.error.notAGrid' });
  return grid;
}

/**
 * Creates a worker (an account without a password, the grid_worker role at the grid, the record)
 * or updates one; a move to another grid moves the role with it. Both are audited.
 */
export async function saveWorker(db: Db, actor: Actor, input: SaveWorkerInput, requestId?: string) {
  const grid = await gridInScope(db, actor, input.gridId);
  const person = { name: input.name, phone: input.phone, email: input.email ?? null, education: input.education };
  const record = {
    gridId: grid.id, position: input.position, hireDate: input.hireDate, bankLast4: input.bankLast4 ?? null,
    leaveDate: input.leaveDate ?? null, leaveReason: input.leaveDate ? (input.leaveReason ?? null) : null
  };
  try {
    if (!input.userId) {
      return await db.transaction().execute(async (trx) => {
        const user = await trx
          .insertInto('appUser')
          .values({ ...person, passwordHash: NO_PASSWORD, homeCommunityId: grid.parentId })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('membership').values({ userId: user.id, role: 'grid_worker', orgUnitId: grid.id, grantedBy: actor.userId }).execute();
        await trx.insertInto('worker').values({ userId: user.id, ...record }).execute();
        await audit(trx, { actorId: actor.userId, action: 'worker.create', targetType: 'worker', targetId: user.id, orgUnitId: grid.id, detail: { grid: grid.name }, requestId });
        return { userId: user.id };
      });
    }
    const current = await workerInScope(db, scopePaths(actor, HR), input.userId);
    if (!current) throw new DomainError('NOT_FOUND');
    const userId = current.userId;
    return await db.transaction().execute(async (trx) => {
      await trx.updateTable('appUser').set(person).where('id', '=', userId).execute();
      await trx.updateTable('worker').set({ ...record, updatedAt: new Date() }).where('userId', '=', userId).execute();
      if (current.gridId !== grid.id) {
        await trx
          .updateTable('membership')
          .set({ orgUnitId: grid.id, grantedBy: actor.userId, grantedAt: new Date() })
          .where('userId', '=', userId)
          .where('role', '=', 'grid_worker')
          .where('orgUnitId', '=', current.gridId)
          .execute();
      }
      // Which fields changed, never the values (the bank digits stay out of the log).
      const before: Record<string, unknown> = { ...current };
      const after: Record<string, unknown> = { ...person, ...record };
      const changed = Object.keys(after).filter((k) => (before[k] ?? null) !== (after[k] ?? null));
      await audit(trx, {
        actorId: actor.userId, action: 'worker.update', targetType: 'worker', targetId: userId, orgUnitId: grid.id,
        detail: { changed, ...(record.leaveDate !== current.leaveDate ? { leaveDate: record.leaveDate } : {}) }, requestId
      });
      return { userId };
    });
  } catch (err) {
    // HR is not the person: "already registered" is said about the number, not "please log in".
    const taken = contactTaken(err);
    if (taken) throw new DomainError(taken.code, undefined, taken.code === 'PHONE_TAKEN' ? { phone: 'workforce.error.phoneTaken' } : { email: 'workforce.error.emailTaken' });
    throw err;
  }
}
