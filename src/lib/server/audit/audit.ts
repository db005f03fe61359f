import type { Db } from '../db/connect';
import { pathWithin } from '../org/scope';
import { shownDetail } from './shown-detail';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  orgUnitId?: string | null;
  detail?: Record<string, unknown>;
  requestId?: string | null;
}

/**
 * Appends to the audit log; pass the transaction of the change so both land or neither does. The
 * detail says which record and what kind of change, never its contents: no amounts, award titles,
 * pay lines, nothing of wellbeing or counseling.
 */
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

/** Entries about units in the given subtrees, newest first, with only the detail the view may show. */
export async function listAudit(db: Db, paths: string[], limit: number, offset: number) {
  const rows = await db
    .selectFrom('auditLog as a')
    .innerJoin('orgUnit as o', 'o.id', 'a.orgUnitId')
    .leftJoin('appUser as u', 'u.id', 'a.actorId')
    .select(['a.id', 'a.at', 'a.action', 'a.targetType', 'a.targetId', 'a.detail', 'o.name as unitName', 'u.name as actorName'])
    .where((eb) => pathWithin(eb, 'o.path', paths))
    .orderBy('a.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...r, detail: shownDetail(r.action, r.detail) }));
}
