import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { pathWithin, scopePaths } from '../org/scope';
import { hrUnit } from '../pay/access';
import { Id } from '../auth/schema';

export const UnitAppraisalsInput = z.object({
  unitId: Id,
  year: z.number().int().min(2000).max(2100),
  /** Part of a name or phone number. */
  search: z.string().trim().max(60).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0)
});
export type UnitAppraisalsInput = z.infer<typeof UnitAppraisalsInput>;

/**
 * Reads behind HR's career desk (/hr/career): the workers of a unit with their appraisal for a
 * year, the certificates waiting for verification, the promotion pipeline; and the type lists
 * that the forms offer. Scope is in every where clause.
 */

/** Workers employed at some time in the year under a unit, each with that year's appraisal if entered. */
export async function unitAppraisals(db: Db, actor: Actor, input: UnitAppraisalsInput) {
  const unit = await hrUnit(db, actor, input.unitId);
  const start = `${input.year}-01-01`;
  const end = `${input.year}-12-31`;
  let base = db
    .selectFrom('worker as w')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('orgUnit as cm', 'cm.id', 'g.parentId')
    .innerJoin('appUser as u', 'u.id', 'w.userId')
    .where('g.path', 'like', `${unit.path}%`)
    .where('w.hireDate', '<=', end)
    .where((eb) => eb.or([eb('w.leaveDate', 'is', null), eb('w.leaveDate', '>=', start)]));
  if (input.search) {
    const like = `%${input.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('u.name', 'like', like), eb('u.phone', 'like', like)]));
  }
  const [rows, counts] = await Promise.all([
    base
      .leftJoin('appraisal as a', (join) => join.onRef('a.workerId', '=', 'w.userId').on('a.year', '=', input.year))
      .select(['w.userId as workerId', 'u.name', 'g.name as gridName', 'cm.name as communityName', 'w.position', 'a.result', 'a.comment'])
      .orderBy('g.path')
      .orderBy('u.name')
      .orderBy('w.userId')
      .limit(input.limit)
      .offset(input.offset)
      .execute(),
    base
      .leftJoin('appraisal as a', (join) => join.onRef('a.workerId', '=', 'w.userId').on('a.year', '=', input.year))
      .select([sql<number>`count(*)`.as('total'), sql<number>`count(a.result)`.as('entered'), sql<number>`count(*) filter (where a.result = 'excellent')`.as('excellent')])
      .executeTakeFirstOrThrow()
  ]);
  return {
    unit: { id: unit.id, name: unit.name },
    year: input.year,
    total: Number(counts.total),
    entered: Number(counts.entered),
    excellent: Number(counts.excellent),
    workers: rows.map((r) => ({ workerId: r.workerId, name: r.name, gridName: r.gridName, communityName: r.communityName, position: r.position, appraisal: r.result ? { result: r.result, comment: r.comment ?? '' } : null }))
  };
}

/** Certificates not yet verified, of workers in the HR user's scope, oldest first. */
export function pendingCertificates(db: Db, actor: Actor) {
  return db
    .selectFrom('workerCertificate as c')
    .innerJoin('certificateType as t', 't.code', 'c.typeCode')
    .innerJoin('worker as w', 'w.userId', 'c.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('orgUnit as cm', 'cm.id', 'g.parentId')
    .innerJoin('appUser as u', 'u.id', 'c.workerId')
    .select(['c.id', 'c.workerId', 'u.name', 'g.name as gridName', 'cm.name as communityName', 't.name as typeName', 'c.number', 'c.issuedBy', 'c.issuedOn', 'c.expiresOn', 'c.createdAt', 'c.scanType'])
    .where('c.verifiedAt', 'is', null)
    .where((eb) => pathWithin(eb, 'g.path', scopePaths(actor, ['hr'])))
    .orderBy('c.createdAt')
    .orderBy('c.id')
    .limit(200)
    .execute();
}

/**
 * Promotions of workers in scope: open ones (nominated, reviewed) first, then the latest decided.
 * `mine` says the caller nominated it, so the page can explain why they may not decide it.
 */
export async function promotionPipeline(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('promotion as p')
    .innerJoin('worker as w', 'w.userId', 'p.workerId')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('orgUnit as cm', 'cm.id', 'g.parentId')
    .innerJoin('appUser as u', 'u.id', 'p.workerId')
    .innerJoin('appUser as n', 'n.id', 'p.nominatedBy')
    .leftJoin('appUser as r', 'r.id', 'p.reviewedBy')
    .leftJoin('appUser as d', 'd.id', 'p.decidedBy')
    .select([
      'p.id', 'p.workerId', 'u.name', 'g.name as gridName', 'cm.name as communityName', 'p.targetPosition', 'p.status', 'p.reason', 'p.nominatedBy', 'n.name as nominatorName', 'p.nominatedAt',
      'r.name as reviewerName', 'p.reviewedAt', 'd.name as deciderName', 'p.decidedAt', 'p.decisionNote', 'p.effectiveOn', 'p.ruleId'
    ])
    .where((eb) => pathWithin(eb, 'g.path', scopePaths(actor, ['hr'])))
    .orderBy(sql`case when p.status in ('nominated', 'reviewed') then 0 else 1 end`)
    .orderBy(sql`coalesce(p.decided_at, p.nominated_at)`, 'desc')
    .orderBy('p.id')
    .limit(300)
    .execute();
  return rows.map(({ nominatedBy, ...p }) => ({ ...p, mine: nominatedBy === actor.userId }));
}

/** The certificate and honour types the forms offer (kept as data: certificate_type, honour_type). */
export async function careerTypes(db: Db) {
  const [certificateTypes, honourTypes] = await Promise.all([
    db.selectFrom('certificateType').select(['code', 'name']).orderBy('createdAt').orderBy('code').execute(),
    db.selectFrom('honourType').select(['code', 'name']).orderBy('name').execute()
  ]);
  return { certificateTypes, honourTypes };
}
