import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import type { Rating } from '../db/tables/pay';
import { hrUnit } from './access';
import type { StructureRule } from './compute';
import type { StructureInput } from './schema';

/**
 * Saves the structure a unit pays from a date (the same date again replaces it). Refused when a
 * locked run of this unit, or of a unit above or below it, covers a month from that date on.
 */
export async function saveStructure(db: Db, actor: Actor, input: StructureInput, requestId?: string) {
  const unit = await hrUnit(db, actor, input.unitId);
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('payrollRun as r')
      .innerJoin('orgUnit as o', 'o.id', 'r.orgUnitId')
      .select(['r.month'])
      .where('r.status', 'in', ['locked', 'paid'])
      .where('r.month', '>=', `${input.effectiveFrom.slice(0, 7)}-01`)
      .where((eb) => eb.or([eb('o.path', 'like', `${unit.path}%`), eb(sql.lit(unit.path), 'like', sql<string>`o.path || '%'`)]))
      .orderBy('r.month')
      .executeTakeFirst();
    if (locked) throw new DomainError('PAY_MONTH_LOCKED', { month: locked.month.slice(0, 7) }, { effectiveFrom: 'error.PAY_MONTH_LOCKED' });
    const values = {
      basePayFen: input.basePayFen, performanceBaseFen: input.performanceBaseFen,
      coefficientA: input.coefficients.A, coefficientB: input.coefficients.B, coefficientC: input.coefficients.C, coefficientD: input.coefficients.D,
      communicationFen: input.communicationFen, overtimeHourFen: input.overtimeHourFen, createdBy: actor.userId
    };
    const row = await trx
      .insertInto('salaryStructure')
      .values({ orgUnitId: unit.id, effectiveFrom: input.effectiveFrom, ...values })
      .onConflict((oc) => oc.columns(['orgUnitId', 'effectiveFrom']).doUpdateSet(values))
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('salaryStructureCertificate').where('structureId', '=', row.id).execute();
    if (input.certificates.length) {
      await trx.insertInto('salaryStructureCertificate').values(input.certificates.map((c) => ({ structureId: row.id, typeCode: c.typeCode, monthlyFen: c.monthlyFen }))).execute();
    }
    await audit(trx, { actorId: actor.userId, action: 'pay.structure.save', targetType: 'salary_structure', targetId: row.id, orgUnitId: unit.id, detail: { effectiveFrom: input.effectiveFrom }, requestId });
    return { structureId: row.id };
  });
}

/** The unit's structures, newest first, with their certificate allowances. */
export async function listStructures(db: Db, actor: Actor, unitId: string) {
  const unit = await hrUnit(db, actor, unitId);
  const rows = await db.selectFrom('salaryStructure').selectAll().where('orgUnitId', '=', unit.id).orderBy('effectiveFrom', 'desc').execute();
  const allowances = rows.length
    ? await db.selectFrom('salaryStructureCertificate as s').innerJoin('certificateType as t', 't.code', 's.typeCode').select(['s.structureId', 's.typeCode', 's.monthlyFen', 't.name']).where('s.structureId', 'in', rows.map((r) => r.id)).execute()
    : [];
  return rows.map((r) => ({ ...r, certificates: allowances.filter((a) => a.structureId === r.id) }));
}

/**
 * For each grid path, the structure in force on the month's first day: the one of the grid or the
 * nearest unit above it with the latest start on or before that day.
 */
export async function structuresFor(db: Db, gridPaths: string[], month: string): Promise<Map<string, StructureRule>> {
  const unitIds = [...new Set(gridPaths.flatMap((p) => p.split('/').filter(Boolean)))];
  if (!unitIds.length) return new Map();
  const rows = await db
    .selectFrom('salaryStructure as s')
    .innerJoin('orgUnit as o', 'o.id', 's.orgUnitId')
    .selectAll('s')
    .select(['o.name as unitName'])
    .where('s.orgUnitId', 'in', unitIds)
    .where('s.effectiveFrom', '<=', month)
    .orderBy('s.effectiveFrom', 'desc')
    .execute();
  const allowances = rows.length
    ? await db.selectFrom('salaryStructureCertificate as s').innerJoin('certificateType as t', 't.code', 's.typeCode').select(['s.structureId', 's.typeCode', 's.monthlyFen', 't.name']).where('s.structureId', 'in', rows.map((r) => r.id)).execute()
    : [];
  const latestByUnit = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latestByUnit.has(r.orgUnitId)) latestByUnit.set(r.orgUnitId, r);
  const result = new Map<string, StructureRule>();
  for (const path of gridPaths) {
    const nearest = path.split('/').filter(Boolean).reverse().map((id) => latestByUnit.get(id)).find(Boolean);
    if (!nearest) continue;
    result.set(path, {
      unitName: nearest.unitName,
      effectiveFrom: nearest.effectiveFrom,
      basePayFen: nearest.basePayFen,
      performanceBaseFen: nearest.performanceBaseFen,
      coefficients: { A: nearest.coefficientA, B: nearest.coefficientB, C: nearest.coefficientC, D: nearest.coefficientD } satisfies Record<Rating, number>,
      communicationFen: nearest.communicationFen,
      overtimeHourFen: nearest.overtimeHourFen,
      certificates: new Map(allowances.filter((a) => a.structureId === nearest.id).map((a) => [a.typeCode, { name: a.name, monthlyFen: a.monthlyFen }]))
    });
  }
  return result;
}
