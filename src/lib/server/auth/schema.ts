import { z } from 'zod';
import { LOCALES } from '$lib/types';

/** Mainland mobile numbers: 11 digits starting 13–19; spaces, dashes and a +86 prefix are forgiven. */
export const Phone = z
  .string()
  .max(20, { error: 'validation.phone' })
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, { error: 'validation.phone' }));

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, { error: 'validation.email' })
  .pipe(z.email({ error: 'validation.email' }));

export const Password = z
  .string()
  .min(8, { error: 'validation.password' })
  .max(128)
  .regex(/[A-Za-z]/, { error: 'validation.password' })
  .regex(/\d/, { error: 'validation.password' });

export const PersonName = z.string().trim().min(1).max(40);
export const Id = z.uuid({ error: 'validation.id' });
export const LocaleInput = z.enum(LOCALES);

export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** At least one of phone and e-mail: the person needs a login name. */
export const needsContact = (c: { phone?: string; email?: string }) => Boolean(c.phone || c.email);
export const CONTACT_REQUIRED = { error: 'validation.phoneOrEmail', path: ['phone'] };

export const RegisterInput = z
  .object({
    name: PersonName,
    phone: optional(Phone),
    email: optional(Email),
    password: Password,
    homeCommunityId: Id,
    locale: LocaleInput.optional()
  })
  .refine(needsContact, CONTACT_REQUIRED);
export type RegisterInput = z.infer<typeof RegisterInput>;

export const LoginInput = z.object({
  identifier: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(128)
});
export type LoginInput = z.infer<typeof LoginInput>;

export const ChangePasswordInput = z.object({ currentPassword: z.string().min(1).max(128), newPassword: Password });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;

/** A login name is a phone number when it parses as one, else an e-mail. */
export function parseIdentifier(raw: string): { phone: string } | { email: string } {
  const phone = Phone.safeParse(raw);
  if (phone.success) return { phone: phone.data };
  return { email: raw.trim().toLowerCase() };
}

/** "Forgot password": the login name, as on the login form. */
export const RequestPasswordResetInput = z.object({ identifier: z.string().trim().min(1).max(254) });

/** The token from a mailed link: any text is accepted here; the service says whether it is a link. */
export const SetPasswordWithLinkInput = z.object({ token: z.string().trim().min(1).max(200), password: Password });
export type SetPasswordWithLinkInput = z.infer<typeof SetPasswordWithLinkInput>;
