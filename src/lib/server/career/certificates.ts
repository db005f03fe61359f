import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { hrWorker } from '../pay/access';
import type { CertificateInput } from './schema';

const MAX_SCAN_MB = 5;

/** The type of a scan by its first bytes, whatever its name or declared type says. */
export function scanTypeOf(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'application/pdf' | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return undefined;
}

function decodeScan(base64: string | undefined) {
  if (!base64) return { scan: null, scanType: null };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_SCAN_MB * 1024 * 1024) throw new DomainError('UPLOAD_TOO_LARGE', { max: MAX_SCAN_MB }, { scanBase64: 'error.UPLOAD_TOO_LARGE' });
  const scanType = scanTypeOf(bytes);
  if (!scanType) throw new DomainError('UPLOAD_TYPE', undefined, { scanBase64: 'error.UPLOAD_TYPE' });
  return { scan: bytes, scanType };
}

/** A worker adds their own certificate for HR to verify, or HR adds one for a worker in scope. */
export async function addCertificate(db: Db, actor: Actor, input: CertificateInput, requestId?: string) {
  const workerId = input.workerId ?? actor.userId;
  const own = workerId === actor.userId;
  const worker = own
    ? await db.selectFrom('worker').select(['userId', 'gridId']).where('userId', '=', workerId).executeTakeFirst()
    : await hrWorker(db, actor, workerId);
  if (!worker) throw new DomainError('NOT_FOUND');
  if (input.expiresOn && input.expiresOn <= input.issuedOn) throw new DomainError('CERT_DATES', undefined, { expiresOn: 'error.CERT_DATES' });
  const type = await db.selectFrom('certificateType').select('code').where('code', '=', input.typeCode).executeTakeFirst();
  if (!type) throw new DomainError('VALIDATION', undefined, { typeCode: 'validation.choice' });
  const { scan, scanType } = decodeScan(input.scanBase64);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('workerCertificate')
      .values({ workerId, typeCode: input.typeCode, number: input.number, issuedBy: input.issuedBy, issuedOn: input.issuedOn, expiresOn: input.expiresOn, scan, scanType, addedBy: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'career.certificate.add', targetType: 'worker_certificate', targetId: row.id, orgUnitId: worker.gridId, detail: { typeCode: input.typeCode }, requestId });
    return { certificateId: row.id };
  });
}

async function certificateForHr(db: Db, actor: Actor, certificateId: string) {
  const cert = await db.selectFrom('workerCertificate').select(['id', 'workerId', 'verifiedAt']).where('id', '=', certificateId).executeTakeFirst();
  if (!cert) throw new DomainError('NOT_FOUND');
  const worker = await hrWorker(db, actor, cert.workerId);
  return { ...cert, gridId: worker.gridId };
}

/** HR checks the certificate against its scan; from then on it earns the allowance and counts in 持证率. */
export async function verifyCertificate(db: Db, actor: Actor, certificateId: string, requestId?: string) {
  const cert = await certificateForHr(db, actor, certificateId);
  if (cert.verifiedAt) return { certificateId, verifiedAt: cert.verifiedAt };
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('workerCertificate').set({ verifiedAt: new Date(), verifiedBy: actor.userId }).where('id', '=', certificateId).returning('verifiedAt').executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'career.certificate.verify', targetType: 'worker_certificate', targetId: certificateId, orgUnitId: cert.gridId, requestId });
    return { certificateId, verifiedAt: row.verifiedAt };
  });
}

/** A worker's certificates with their type names; the scan itself is fetched on its own. */
export function certificatesOf(db: Db, workerId: string) {
  return db
    .selectFrom('workerCertificate as c')
    .innerJoin('certificateType as t', 't.code', 'c.typeCode')
    .select(['c.id', 'c.typeCode', 't.name as typeName', 'c.number', 'c.issuedBy', 'c.issuedOn', 'c.expiresOn', 'c.verifiedAt', 'c.scanType'])
    .where('c.workerId', '=', workerId)
    .orderBy('c.issuedOn', 'desc')
    .execute();
}

/** The scan of a certificate: its owner, or HR over the worker. */
export async function certificateScan(db: Db, actor: Actor, certificateId: string) {
  const row = await db.selectFrom('workerCertificate').select(['workerId', 'scan', 'scanType']).where('id', '=', certificateId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND');
  if (row.workerId !== actor.userId) await hrWorker(db, actor, row.workerId);
  if (!row.scan || !row.scanType) throw new DomainError('NOT_FOUND');
  return { bytes: row.scan, type: row.scanType };
}
