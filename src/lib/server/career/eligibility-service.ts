import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { hrWorker } from '../pay/access';
import { evaluateRule, type WorkerFacts } from './eligibility';

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Each active rule checked for many workers at once, from a handful of set queries. */
export async function eligibilityOf(db: Db, workerIds: string[], locale: Actor['locale']) {
  if (!workerIds.length) return new Map<string, ReturnType<typeof evaluateRule>[]>();
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
  const result = new Map<string, ReturnType<typeof evaluateRule>[]>();
  for (const w of workers) {
    const facts: WorkerFacts = {
      appraisals: appraisals.filter((a) => a.workerId === w.userId),
      education: w.education,
      certificateTypes: certificates.filter((c) => c.workerId === w.userId).map((c) => c.typeCode),
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
