import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { hrWorker } from '../pay/access';
import { assertCovers } from '../org/scope';
import { evaluateRule, type RuleVerdict, type WorkerFacts } from './eligibility';

function groupBy<T extends { workerId: string }>(rows: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const list = map.get(r.workerId);
    if (list) list.push(r);
    else map.set(r.workerId, [r]);
  }
  return map;
}

/** A rule's verdict with the rule it is about, so a page can name it and nominate for it. */
export type NamedVerdict = RuleVerdict & { ruleId: string; ruleName: string; targetPosition: string };

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Each active rule checked for many workers at once, from a handful of set queries. */
export async function eligibilityOf(db: Db, workerIds: string[], locale: Actor['locale']) {
  if (!workerIds.length) return new Map<string, NamedVerdict[]>();
  const today = shanghaiToday();
  const [rules, workers, appraisals, certificates, types] = await Promise.all([
    db.selectFrom('promotionRule').select(['id', 'name', 'targetPosition', 'conditions']).where('active', '=', true).orderBy('createdAt').execute(),
    db.selectFrom('worker as w').innerJoin('appUser as u', 'u.id', 'w.userId').select(['w.userId', 'w.hireDate', 'u.education']).where('w.userId', 'in', workerIds).execute(),
    db.selectFrom('appraisal').select(['workerId', 'year', 'result']).where('workerId', 'in', workerIds).execute(),
    db.selectFrom('workerCertificate').select(['workerId', 'typeCode']).where('workerId', 'in', workerIds).where('verifiedAt', 'is not', null)
      .where((eb) => eb.or([eb('expiresOn', 'is', null), eb('expiresOn', '>=', today)])).execute(),
    db.selectFrom('certificateType').select(['code', 'name']).execute()
  ]);
  const typeName = new Map(types.map((t) => [t.code, t.name]));
  const appraisalsOf = groupBy(appraisals);
  const certificatesOf = groupBy(certificates);
  const result = new Map<string, NamedVerdict[]>();
  for (const w of workers) {
    const facts: WorkerFacts = {
      appraisals: appraisalsOf.get(w.userId) ?? [],
      education: w.education,
      certificateTypes: (certificatesOf.get(w.userId) ?? []).map((c) => c.typeCode),
      hireDate: w.hireDate,
      today
    };
    result.set(w.userId, rules.map((r) => ({ ...evaluateRule(r, facts, { certificate: (code) => typeName.get(code) ?? code }, locale), ruleId: r.id, ruleName: r.name, targetPosition: r.targetPosition })));
  }
  return result;
}

export async function myEligibility(db: Db, actor: Actor) {
  const verdicts = (await eligibilityOf(db, [actor.userId], actor.locale)).get(actor.userId);
  if (!verdicts) throw new DomainError('NOT_FOUND');
  return verdicts;
}

export async function workerEligibility(db: Db, actor: Actor, workerId: string) {
  await hrWorker(db, actor, workerId);
  return (await eligibilityOf(db, [workerId], actor.locale)).get(workerId)!;
}

/** Who under a unit may be promoted to what, for HR: every worker employed today with their verdicts. */
export async function unitEligibility(db: Db, actor: Actor, unitId: string) {
  const unit = await db.selectFrom('orgUnit').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['hr'], unit.path);
  const today = shanghaiToday();
  const workers = await db
    .selectFrom('worker as w')
    .innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .innerJoin('appUser as u', 'u.id', 'w.userId')
    .select(['w.userId', 'u.name', 'g.name as gridName'])
    .where('g.path', 'like', `${unit.path}%`)
    .where((eb) => eb.or([eb('w.leaveDate', 'is', null), eb('w.leaveDate', '>=', today)]))
    .orderBy('g.path')
    .orderBy('u.name')
    .execute();
  const verdicts = await eligibilityOf(db, workers.map((w) => w.userId), actor.locale);
  return workers.map((w) => ({ ...w, verdicts: verdicts.get(w.userId) ?? [] }));
}
