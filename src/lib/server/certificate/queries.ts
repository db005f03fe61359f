import type { Insertable } from 'kysely';
import type { Db } from '../db/connect';
import type { HoursCertificateLineTable, HoursCertificateTable } from '../db/types';

const SUMMARY = ['code', 'totalMinutes', 'calloutCount', 'issuedAt'] as const;

/** The name and the street and community a certificate names as its issuer, as they are now. */
export function volunteerOf(db: Db, volunteerId: string) {
  return db
    .selectFrom('appUser as u')
    .leftJoin('orgUnit as c', 'c.id', 'u.homeCommunityId')
    .leftJoin('orgUnit as s', 's.id', 'c.parentId')
    .select(['u.name', 'c.name as community', 's.name as street'])
    .where('u.id', '=', volunteerId)
    .executeTakeFirstOrThrow();
}

export function insertCertificate(db: Db, row: Insertable<HoursCertificateTable>) {
  return db.insertInto('hoursCertificate').values(row).returning(['id', 'code']).executeTakeFirstOrThrow();
}

export async function insertLines(db: Db, rows: Insertable<HoursCertificateLineTable>[]) {
  if (rows.length > 0) await db.insertInto('hoursCertificateLine').values(rows).execute();
}

export function listForVolunteer(db: Db, volunteerId: string) {
  return db.selectFrom('hoursCertificate').select(SUMMARY).where('volunteerId', '=', volunteerId).orderBy('issuedAt', 'desc').orderBy('id').execute();
}

export function findByCode(db: Db, code: string) {
  return db.selectFrom('hoursCertificate').select([...SUMMARY, 'volunteerName']).where('code', '=', code).executeTakeFirst();
}

/** Only the volunteer's own certificate: someone else's code is not found, not refused. */
export function findOwned(db: Db, volunteerId: string, code: string) {
  return db
    .selectFrom('hoursCertificate')
    .select(['id', ...SUMMARY, 'volunteerName', 'issuer'])
    .where('code', '=', code)
    .where('volunteerId', '=', volunteerId)
    .executeTakeFirst();
}

export function linesOf(db: Db, certificateId: string) {
  return db.selectFrom('hoursCertificateLine').select(['title', 'startsAt', 'minutes']).where('certificateId', '=', certificateId).orderBy('position').execute();
}
