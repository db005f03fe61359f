import { randomInt } from 'node:crypto';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError, pgConstraint } from '../domain-error';
import { myHours } from '../callout/service/hours';
import * as q from './queries';
import { CODE_ALPHABET, CODE_LENGTH, isCertificateCode, normaliseCode } from './schema';
import { renderCertificatePdf } from './pdf';

/** 12 characters of a 32-letter alphabet: 60 random bits, short enough to type off paper. */
export function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What a stranger holding the certificate may see of the name: 刘志愿 → 刘*愿, 张三 → 张*. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Where a certificate is checked; printed on it as text and as a QR code. */
export function verifyUrl(code: string, origin = process.env.ORIGIN ?? 'http://localhost:3000'): string {
  return `${origin.replace(/\/+$/, '')}/verify/${code}`;
}

/**
 * Snapshots the volunteer's confirmed hours as they stand now. The ledger is read in one statement,
 * so the total and the lines agree even while a grid worker is confirming hours.
 */
async function issueOnce(db: Db, volunteerId: string) {
  return db.transaction().execute(async (trx) => {
    const hours = await myHours(trx, volunteerId);
    // A callout confirmed at 0 minutes adds nothing and is not listed as service.
    const served = hours.callouts.filter((c) => c.minutes > 0).sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime());
    const person = await q.volunteerOf(trx, volunteerId);
    const certificate = await q.insertCertificate(trx, {
      volunteerId,
      code: newCode(),
      volunteerName: person.name,
      issuer: person.community ? `${person.street ?? ''}${person.community}` : null,
      totalMinutes: hours.totalMinutes,
      calloutCount: served.length
    });
    await q.insertLines(
      trx,
      served.map((c, i) => ({ certificateId: certificate.id, position: i + 1, calloutId: c.calloutId, title: c.title, startsAt: c.startsAt, minutes: c.minutes }))
    );
    return { code: certificate.code };
  });
}

export async function issueCertificate(db: Db, actor: Actor): Promise<{ code: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await issueOnce(db, actor.userId);
    } catch (err) {
      // Two equal codes out of 2^60 is all but impossible; the unique index is still what decides.
      if (attempt >= 3 || pgConstraint(err) !== 'hours_certificate_code_key') throw err;
    }
  }
}

export function myCertificates(db: Db, actor: Actor) {
  return q.listForVolunteer(db, actor.userId);
}

/** Public: anyone holding a certificate can check it, and learns nothing else about the person. */
export async function verifyCertificate(db: Db, codeText: string) {
  const code = normaliseCode(codeText);
  const certificate = isCertificateCode(code) ? await q.findByCode(db, code) : undefined;
  if (!certificate) throw new DomainError('NOT_FOUND');
  return {
    name: maskName(certificate.volunteerName),
    totalMinutes: certificate.totalMinutes,
    calloutCount: certificate.calloutCount,
    issuedAt: certificate.issuedAt
  };
}

/** The PDF of one of the actor's own certificates; anyone else's code is NOT_FOUND. */
export async function certificatePdf(db: Db, actor: Actor, codeText: string) {
  const code = normaliseCode(codeText);
  const certificate = isCertificateCode(code) ? await q.findOwned(db, actor.userId, code) : undefined;
  if (!certificate) throw new DomainError('NOT_FOUND');
  const lines = await q.linesOf(db, certificate.id);
  return renderCertificatePdf({ ...certificate, lines, verifyUrl: verifyUrl(certificate.code) });
}
