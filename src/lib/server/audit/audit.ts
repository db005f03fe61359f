import type { Db } from '../db/connect';
import { pathWithin } from '../org/scope';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  orgUnitId?: string | null;
  detail?: Record<string, unknown>;
  requestId?: string | null;
}

/** Appends to the audit log; pass the transaction of the change so both land or neither does. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      orgUnitId: entry.orgUnitId ?? null,
      detail: JSON.stringify(entry.detail ?? {}) as unknown as Record<string, unknown>,
      requestId: entry.requestId ?? null
    })
    .execute();
}

/** Entries about units in the given subtrees, newest first. */
export function listAudit(db: Db, paths: string[], limit: number, offset: number) {
  return db
    .selectFrom('auditLog as a')
    .innerJoin('orgUnit as o', 'o.id', 'a.orgUnitId')
    .leftJoin('appUser as u', 'u.id', 'a.actorId')
    .select(['a.id', 'a.at', 'a.action', 'a.targetType', 'a.targetId', 'a.detail', 'o.name as unitName', 'u.name as actorName'])
    .where((eb) => pathWithin(eb, 'o.path', paths))
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
