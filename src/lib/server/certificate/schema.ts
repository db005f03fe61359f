import { z } from 'zod';

/** Characters a certificate code is made of: no 0/O or 1/I, so a code read off paper is typed right. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 12;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** As printed ('ABCD-EFGH-JKLM') or as in the URL; spaces, dashes and lower case are forgiven. */
export function normaliseCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

export function isCertificateCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

export const CertificateCode = z
  .string()
  .max(40, { error: 'validation.invalid' })
  .transform(normaliseCode)
  .pipe(z.string().regex(CODE_PATTERN, { error: 'validation.invalid' }));

export const VerifyInput = z.object({ code: CertificateCode });
export type VerifyInput = z.infer<typeof VerifyInput>;
