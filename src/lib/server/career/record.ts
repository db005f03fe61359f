import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { hrWorker } from '../pay/access';
import { appraisalsOf } from './appraisals';
import { certificatesOf } from './certificates';
import { eligibilityOf } from './eligibility-service';
import { careerPath } from './promotions';
import { honoursOf } from './honours';

/** A worker's appraisals, certificates, eligibility with reasons, positions and honours. */
export async function careerRecord(db: Db, actor: Actor, workerId?: string) {
  const id = workerId ?? actor.userId;
  if (id !== actor.userId) await hrWorker(db, actor, id);
  const worker = await db.selectFrom('worker as w').innerJoin('appUser as u', 'u.id', 'w.userId').innerJoin('orgUnit as g', 'g.id', 'w.gridId')
    .select(['u.name', 'u.education', 'w.hireDate', 'g.name as gridName']).where('w.userId', '=', id).executeTakeFirst();
  if (!worker) throw new DomainError('NOT_FOUND');
  const [appraisals, certificates, eligibility, path, honours] = await Promise.all([
    appraisalsOf(db, id), certificatesOf(db, id), eligibilityOf(db, [id], actor.locale), careerPath(db, id), honoursOf(db, id)
  ]);
  return { workerId: id, ...worker, appraisals, certificates, eligibility: eligibility.get(id) ?? [], ...path, honours };
}
